using Nurture.Abstractions.Leads;
using Nurture.Leads.Segments;

namespace Nurture.Leads.Tests;

public sealed class LeadFilterMatcherTests
{
    private static readonly LeadProfile Lead = new()
    {
        LeadId = Guid.NewGuid(), Version = 1, Email = "ann@acme.example", Name = "Ann Lee", Company = "Acme", Stage = "mql", Grade = "B",
        Engagement = 42, Fit = 20, Owner = "rep-1", Consent = "granted", FirstChannel = "paid_search", FirstSource = "google",
        FirstCampaign = "spring", LastChannel = "email", CreatedAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        Traits = new Dictionary<string, string> { ["industry"] = "software" },
    };

    public static TheoryData<LeadFilter, bool> Cases => new()
    {
        { new LeadFilter(), true },
        { new LeadFilter { Search = "ACME" }, true },
        { new LeadFilter { Search = "zeta" }, false },
        { new LeadFilter { Stages = ["mql", "hot"] }, true },
        { new LeadFilter { Stages = ["hot"] }, false },
        { new LeadFilter { Grades = ["A"] }, false },
        { new LeadFilter { Owner = "rep-1" }, true },
        { new LeadFilter { Owner = "" }, false },
        { new LeadFilter { Channel = "paid_search", Source = "google", Campaign = "spring" }, true },
        { new LeadFilter { Channel = "email" }, false },
        { new LeadFilter { Channel = "email", LastTouch = true }, true },
        { new LeadFilter { Consent = "denied" }, false },
        { new LeadFilter { MinEngagement = 42, MinFit = 20 }, true },
        { new LeadFilter { MinEngagement = 42.5 }, false },
        { new LeadFilter { CreatedFrom = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero) }, true },
        { new LeadFilter { CreatedTo = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero) }, false },
        { new LeadFilter { KnownOnly = true }, true },
        { new LeadFilter { Traits = new Dictionary<string, string> { ["industry"] = "software" } }, true },
        { new LeadFilter { Traits = new Dictionary<string, string> { ["industry"] = "retail" } }, false },
        { new LeadFilter { Traits = new Dictionary<string, string> { ["size"] = "" } }, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_AsTheLeadListSqlWould(LeadFilter filter, bool expected) => Assert.Equal(expected, LeadFilterMatcher.Matches(Lead, filter));

    [Fact]
    public void BehaviourFilters_AreNotForOneLead() =>
        Assert.Throws<ArgumentException>(() => LeadFilterMatcher.Matches(Lead, new LeadFilter { Behaviour = [new BehaviourCondition("page_view", null, null, 1, 1)] }));
}
