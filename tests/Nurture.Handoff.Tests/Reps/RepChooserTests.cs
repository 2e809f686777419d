using Nurture.Handoff.Reps;

namespace Nurture.Handoff.Tests.Reps;

/// <summary>The assignment rules after the owner and the previous rep: territory, round-robin among generalists, the fallback queue.</summary>
public sealed class RepChooserTests
{
    [Fact]
    public void OwnerId_IsTheLeadsOwner_UnlessTheLeadWasTakenFromThem()
    {
        var lead = Leads.With(("owner", "a-trait-is-no-owner"));
        Assert.Null(RepChooser.OwnerId(lead, takenFrom: null));
        lead.Owner = "lead-rep";

        Assert.Equal("lead-rep", RepChooser.OwnerId(lead, takenFrom: null));
        Assert.Null(RepChooser.OwnerId(lead, takenFrom: "lead-rep"));
    }

    [Fact]
    public void FromAvailable_RepWhoseEveryListHoldsTheLead_GetsItByTerritory_AnyCase()
    {
        var lead = Leads.With(("country", "jp"), ("industry", "Manufacturing"), ("employees", "1,200"));
        var japanRetail = Leads.Rep("jp-retail", countries: ["JP"], industries: ["retail"]);
        var japanBig = Leads.Rep("jp-big", countries: ["JP"], industries: ["manufacturing"], sizes: ["1000+"]);

        var assignment = RepChooser.FromAvailable(lead, [Leads.Rep("general"), japanRetail, japanBig], takenFrom: null);

        Assert.Equal(new Assignment(japanBig, RepChooser.TerritoryReason), assignment);
    }

    [Fact]
    public void FromAvailable_NoTerritoryMatch_IsTheFirstGeneralist_NeverATerritoryRep()
    {
        var lead = Leads.With(("country", "DE"));
        var japan = Leads.Rep("jp", countries: ["JP"]);
        var second = Leads.Rep("second");

        var assignment = RepChooser.FromAvailable(lead, [japan, Leads.Rep("first"), second], takenFrom: null);

        Assert.Equal("first", assignment.Rep?.Id);
        Assert.Equal(RepChooser.RoundRobinReason, assignment.Reason);
    }

    [Fact]
    public void FromAvailable_TerritoryRepNeedsTheLeadToHaveTheValue()
    {
        var lead = Leads.With();

        var assignment = RepChooser.FromAvailable(lead, [Leads.Rep("jp", countries: ["JP"])], takenFrom: null);

        Assert.Equal(new Assignment(null, RepChooser.FallbackReason), assignment);
    }

    [Fact]
    public void FromAvailable_TheRepItWasTakenFrom_IsNeverChosenAgain()
    {
        var lead = Leads.With(("country", "JP"));

        Assert.Equal("general", RepChooser.FromAvailable(lead, [Leads.Rep("jp", countries: ["JP"]), Leads.Rep("general")], takenFrom: "jp").Rep?.Id);
        Assert.Equal(RepChooser.FallbackReason, RepChooser.FromAvailable(lead, [Leads.Rep("general")], takenFrom: "general").Reason);
    }

    [Fact]
    public void PlaceOf_CompanySize_ComesFromTheBandOrTheHeadCount()
    {
        Assert.Equal("250-999", RepChooser.PlaceOf(Leads.With(("company_size", "250-999"), ("employees", "5"))).Size);
        Assert.Equal("1-49", RepChooser.PlaceOf(Leads.With(("employees", "12"))).Size);
        Assert.Equal(new RepChooser.LeadPlace("JP", "retail", "kanto", null), RepChooser.PlaceOf(Leads.With(("country", " JP "), ("industry", "retail"), ("region", "kanto"))));
    }

    [Fact]
    public void Covers_RegionAndSizeLists_MustHoldTheLeadsValuesToo()
    {
        var rep = Leads.Rep("kanto", countries: ["JP"], regions: ["Kanto"], sizes: ["50-249"]);

        Assert.True(RepChooser.Covers(rep, new("jp", null, "kanto", "50-249")));
        Assert.False(RepChooser.Covers(rep, new("jp", null, "kansai", "50-249")));
        Assert.False(RepChooser.Covers(rep, new("jp", null, "kanto", "1000+")));
        Assert.False(RepChooser.Covers(Leads.Rep("general"), new("jp", null, null, null)));
    }
}
