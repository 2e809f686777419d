using Nurture.Handoff.Reps;

namespace Nurture.Handoff.Tests.Reps;

/// <summary>What the rules share: the lead's owner and territories.</summary>
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
