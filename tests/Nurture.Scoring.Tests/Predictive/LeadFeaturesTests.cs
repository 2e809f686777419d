using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring.Predictive;

namespace Nurture.Scoring.Tests.Predictive;

public sealed class LeadFeaturesTests
{
    private readonly Model.ScoringModel model = Models.Parse();

    internal static LeadState Lead(double pricing = 10, string? jobTitle = "CTO", DateTimeOffset? at = null)
    {
        var t = at ?? Models.T0;
        var lead = new LeadState
        {
            Id = Guid.NewGuid(),
            CreatedAt = t.AddDays(-20),
            Counters = new LeadCounters { Sessions = 3, PageViews = 12, Events = 15, FirstSeen = t.AddDays(-20), LastSeen = t.AddDays(-2) },
            FirstTouch = new Touch(new AcquisitionSource { Channel = "email", UtmSource = "newsletter", UtmMedium = "email" }, null, "https://x.example/", t.AddDays(-20)),
            LastTouch = new Touch(new AcquisitionSource { Channel = "paid_search" }, null, null, t.AddDays(-2)),
            Scores = new LeadScores { Fit = 35, Grade = "B" },
        };
        lead.Scores.Interest["pricing"] = new DecayingScore(pricing, t);
        if (jobTitle is not null) lead.Traits["jobTitle"] = new TraitValue(jobTitle, t, "identify");
        return lead;
    }

    [Fact]
    public void Extract_NamesBehaviourSourceTraitsFitAndGrade()
    {
        var lead = Lead();
        lead.Traits["Company"] = new TraitValue("株式会社テスト 🚀", Models.T0, "identify");
        lead.Traits["country"] = new TraitValue("Select", Models.T0, "form");

        var features = LeadFeatures.Extract(lead, model, Models.T0.AddDays(10));

        Assert.Equal(3, features["sessions"].Number);
        Assert.Equal(12, features["page_views"].Number);
        Assert.Equal(15, features["events"].Number);
        Assert.Equal(30, features["days_since_first_seen"].Number);
        Assert.Equal(12, features["days_since_last_seen"].Number);
        Assert.Equal(5, features["interest_pricing"].Number!.Value, precision: 2); // half-life 10 days
        Assert.Equal(0, features["interest_careers"].Number); // a model category the lead never touched
        Assert.Equal(35, features["fit"].Number);
        Assert.Equal("B", features["grade"].Text);
        Assert.Equal("email", features["first_channel"].Text);
        Assert.Equal("newsletter", features["first_utm_source"].Text);
        Assert.Equal("email", features["first_utm_medium"].Text);
        Assert.Equal("paid_search", features["last_channel"].Text);
        Assert.Equal("CTO", features["trait_jobtitle"].Text);
        Assert.Equal("株式会社テスト 🚀", features["trait_company"].Text);
        Assert.False(features.ContainsKey("trait_country")); // "Select" is a placeholder: missing
    }

    [Fact]
    public void Extract_AnonymousLeadWithoutTouches_LeavesThoseFeaturesMissing()
    {
        var features = LeadFeatures.Extract(new LeadState { Id = Guid.NewGuid() }, model, Models.T0);

        Assert.Equal(0, features["sessions"].Number);
        Assert.False(features.ContainsKey("first_channel"));
        Assert.False(features.ContainsKey("days_since_first_seen"));
        Assert.DoesNotContain(features.Keys, k => k.StartsWith("trait_", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_LeavesOutSalesVerdictTraits_TheyAreTheLabel()
    {
        var lead = Lead();
        lead.Traits[SalesTraits.Outcome] = new TraitValue("won", Models.T0, "rep:ann");
        lead.Traits["Sales_Reason"] = new TraitValue("not_a_fit", Models.T0, "rep:ann");

        var features = LeadFeatures.Extract(lead, model, Models.T0);

        Assert.DoesNotContain(features.Keys, k => k.StartsWith("trait_sales", StringComparison.Ordinal));
        Assert.Equal("CTO", features["trait_jobtitle"].Text);
    }

    [Fact]
    public void Align_MatchesCsvColumnNamesToLeadFeaturesAndTraits()
    {
        var schema = new FeatureSchema("converted",
        [
            new EncodedColumn("Page Views", FeatureKind.Numeric, -1, null, null),
            new EncodedColumn("Job title", FeatureKind.Categorical, null, ["cto"], null),
            new EncodedColumn("interest_pricing", FeatureKind.Numeric, -1, null, null),
            new EncodedColumn("Company size", FeatureKind.Numeric, -1, null, null),
            new EncodedColumn("never heard of", FeatureKind.Categorical, null, [], null),
        ]);
        var lead = Lead();
        lead.Traits["company_size"] = new TraitValue("250", Models.T0, "identify");

        var values = schema.Align(LeadFeatures.Extract(lead, model, Models.T0));

        Assert.Equal(12, values[0]!.Value.Number);
        Assert.Equal("CTO", values[1]!.Value.Text);
        Assert.Equal(10, values[2]!.Value.Number);
        Assert.Equal(250, values[3]!.Value.AsNumber()); // a trait is text; a numeric column reads it as a number
        Assert.Null(values[4]);
        Assert.Equal(["page_views", "trait_jobtitle", "interest_pricing", "trait_companysize"],
            schema.Columns.Take(4).Select(c => FeatureSchema.LiveSource(c.Name)));
    }
}
