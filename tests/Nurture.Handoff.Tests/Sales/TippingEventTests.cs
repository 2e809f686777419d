using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.Handoff.Sales;

namespace Nurture.Handoff.Tests.Sales;

/// <summary>"Why hot" starts from the event of the lead's alert: what it was and what it earned.</summary>
public sealed class TippingEventTests
{
    [Fact]
    public void Find_AnEmailClick_GivesItsLinkTemplateAndPoints()
    {
        var lead = Leads.With();
        lead.RecentEvents.Add(new EventSummary("e1", "page_view", null, "https://www.example.com/", "Home", "direct", Leads.Now.AddHours(-2)));
        lead.RecentEvents.Add(new EventSummary("e2", "email_click", null, "https://www.example.com/pricing", null, "email", Leads.Now, "spring-offer"));
        lead.Scores.Contributions.Add(new ScoreContribution("e2", "email-click", "email", 10, Leads.Now, "https://www.example.com/pricing"));
        lead.Scores.Contributions.Add(new ScoreContribution("e2", "pricing-interest", "pricing", 5, Leads.Now, "https://www.example.com/pricing"));

        var tipping = TippingEvent.Find(lead, "e2");

        Assert.Equal(new TippingEvent("email_click", null, "https://www.example.com/pricing", null, "spring-offer", Leads.Now, "email-click", 15), tipping);
    }

    [Fact]
    public void Find_AnEventNoLongerRecent_StillNamesItsRuleHit()
    {
        var lead = Leads.With();
        lead.Scores.Contributions.Add(new ScoreContribution("old", "demo-page", "demo", 20, Leads.Now, "https://www.example.com/demo"));

        var tipping = TippingEvent.Find(lead, "old");

        Assert.Equal("", tipping!.Type);
        Assert.Equal("demo-page", tipping.RuleId);
        Assert.Equal("https://www.example.com/demo", tipping.Url);
    }

    [Fact]
    public void Find_UnknownOrNone_IsNull()
    {
        Assert.Null(TippingEvent.Find(Leads.With(), "nothing"));
        Assert.Null(TippingEvent.Find(Leads.With(), null));
    }
}
