using System.Text.Json;
using Nurture.Abstractions.Flows;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Leads.Conditions;
using Nurture.Conditions;
using Nurture.Scoring.Model;

namespace Nurture.Flows.Tests;

/// <summary>The condition builder's tests in a flow's branch or goal, judged on the lead's own state.</summary>
public sealed class FlowLeadConditionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly ScoringModel Model = ScoringModelParser.Default().WithVersion(1);

    private static LeadState Aoi()
    {
        var lead = new LeadState { Id = Guid.NewGuid(), CreatedAt = Now.AddDays(-30), Segments = ["customers"] };
        lead.Emails.Add("aoi@example.com");
        lead.Traits["title"] = new TraitValue("Sales Director", Now.AddDays(-3), "import");
        lead.RecentEvents.AddRange([
            new EventSummary("e1", "page_view", null, "https://shop.example.com/pricing/team?x=1", "Team", "direct", Now.AddDays(-1)),
            new EventSummary("e2", "page_view", null, "https://shop.example.com/pricing", "Pricing", "direct", Now.AddDays(-20)),
            new EventSummary("e3", "form_submit", "Contact", "https://shop.example.com/contact", null, "direct", Now.AddHours(-2)),
            new EventSummary("e4", "email_click", null, "https://shop.example.com/demo?utm_source=mail", null, "email", Now.AddHours(-1), "welcome"),
        ]);
        return lead;
    }

    private static LeadCondition Parse(string json)
    {
        var reader = new ModelReader();
        using var document = JsonDocument.Parse(json);
        var condition = LeadConditionParser.Parse(reader, document.RootElement, "$.lead", ConditionScope.Flow);
        Assert.Empty(reader.Errors);
        return condition!;
    }

    [Theory]
    [InlineData("""{"did": "page_view", "path": "/pricing*", "atLeast": 2, "withinDays": 30}""", true)]
    [InlineData("""{"did": "page_view", "path": "/pricing*", "atLeast": 2, "withinDays": 7}""", false)]
    [InlineData("""{"did": "page_view", "path": "/pricing", "atLeast": 1, "withinDays": 7}""", false)]
    [InlineData("""{"did": "form_submit", "name": "contact"}""", true)]
    [InlineData("""{"did": "form_submit", "never": true, "withinDays": 1}""", false)]
    [InlineData("""{"did": "email_click", "template": "welcome", "link": "*/demo*"}""", true)]
    [InlineData("""{"did": "email_click", "template": "newsletter"}""", false)]
    [InlineData("""{"did": "email_open", "never": true}""", true)]
    [InlineData("""{"segment": "customers"}""", true)]
    [InlineData("""{"segment": "customers", "member": false}""", false)]
    [InlineData("""{"trait": "title", "op": "contains", "value": "director"}""", true)]
    [InlineData("""{"field": "email", "op": "is", "value": "AOI@example.com"}""", true)]
    [InlineData("""{"lastEmail": "clicked"}""", false)]
    [InlineData("""{"lastEmail": "not_clicked"}""", true)]
    [InlineData("""{"any": [{"lastEmail": "clicked"}, {"all": [{"segment": "customers"}, {"did": "form_submit"}]}]}""", true)]
    [InlineData("""{"all": [{"field": "stage", "op": "is", "value": "hot"}, {"segment": "customers"}]}""", false)]
    public void Holds_ReadsTheLeadsOwnState(string json, bool expected) =>
        Assert.Equal(expected, FlowLeadConditions.Holds(Parse(json), Aoi(), new FlowEnrolment { Id = "run-1", FlowId = "nudge" }, Model, Now));

    [Theory]
    [InlineData("""{"lastEmail": "opened"}""", "$.conditions.lastEmail: can be tested in a flow, not in a segment")]
    public void FlowOnlyTests_AreRefusedInASegment(string json, string expected)
    {
        var reader = new ModelReader();
        using var document = JsonDocument.Parse(json);
        Assert.Null(LeadConditionParser.Parse(reader, document.RootElement, "$.conditions"));
        Assert.Contains(expected, reader.Errors.Select(e => $"{e.Path}: {e.Reason}"));
    }

    [Fact]
    public void Interest_IsTestedInASegmentToo()
    {
        var reader = new ModelReader();
        using var document = JsonDocument.Parse("""{"interest": "pricing", "atLeast": 1.5}""");
        Assert.Equal(new InterestCondition("pricing", 1.5), LeadConditionParser.Parse(reader, document.RootElement, "$.conditions"));
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public void EventProperties_AreRefusedInAFlow_InWords()
    {
        var reader = new ModelReader();
        using var document = JsonDocument.Parse("""{"did": "custom", "name": "trial", "props": {"plan": "pro"}}""");
        LeadConditionParser.Parse(reader, document.RootElement, "$.lead", ConditionScope.Flow);
        Assert.Contains(reader.Errors, e => e.Path == "$.lead.props" && e.Reason.StartsWith("can be tested in a segment, not in a flow", StringComparison.Ordinal));
    }
}
