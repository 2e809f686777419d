using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.Handoff.Alerts;
using Nurture.Handoff.Reps;
using Nurture.Scoring;

namespace Nurture.Handoff.Tests.Alerts;

/// <summary>What an alert says about a lead, as webhook JSON, Slack text and the rep's email.</summary>
public sealed class AlertContentTests
{
    private const string PublicUrl = "https://nurture.example/";
    private static readonly Guid AlertId = Guid.Parse("11111111-2222-4333-8444-555555555555");
    private static readonly Rep Kim = Leads.Rep("kim");

    private static readonly ScoreReport Score = new(
        Engagement: 72, Interest: new Dictionary<string, double> { ["docs"] = 12, ["pricing"] = 30, ["blog"] = 4, ["careers"] = 1 },
        Fit: 40, Grade: "A", FitRules: ["job_title"], Stage: "mql", StageHistory: [],
        TopContributions: [new ExplainedContribution("e1", "pricing-visit", "pricing", 20, 18, Leads.Now, "https://www.example.com/pricing")],
        ModelVersion: 1, At: Leads.Now);

    private static LeadState Lead()
    {
        var lead = Leads.With(("name", "Kim Lee"), ("company", "Northwind"), ("job_title", "CTO"));
        lead.RecentEvents = [.. Enumerable.Range(0, 12).Select(i => new EventSummary($"e{i}", "page_view", null, $"https://www.example.com/{i}", null, "direct", Leads.Now.AddMinutes(i)))];
        return lead;
    }

    private static JsonElement Payload(string? note = null) => JsonSerializer.SerializeToElement(
        AlertContent.Payload(AlertId, Lead(), Score, new Assignment(Kim, RepChooser.TerritoryReason), PublicUrl, Leads.Now, note), AlertContent.Json);

    [Fact]
    public void Payload_HotLead_SaysWhoWhyAndWhereFrom()
    {
        var payload = Payload();

        Assert.Equal("lead.hot", payload.GetProperty("type").GetString());
        Assert.Equal(AlertId, payload.GetProperty("alertId").GetGuid());
        var lead = payload.GetProperty("lead");
        Assert.Equal("https://nurture.example/console/#/leads/6a0e2d4c-1111-4222-8333-944455556666", lead.GetProperty("url").GetString());
        Assert.Equal("https://nurture.example/api/leads/6a0e2d4c-1111-4222-8333-944455556666", lead.GetProperty("apiUrl").GetString());
        Assert.Equal("kim@northwind.example", lead.GetProperty("email").GetString());
        Assert.Equal("Kim Lee", lead.GetProperty("name").GetString());
        Assert.Equal("Northwind", lead.GetProperty("company").GetString());
        Assert.Equal("CTO", lead.GetProperty("jobTitle").GetString());
        var score = payload.GetProperty("score");
        Assert.Equal(72, score.GetProperty("engagement").GetDouble());
        Assert.Equal(["pricing", "docs", "blog"], score.GetProperty("topInterests").EnumerateArray().Select(i => i.GetProperty("category").GetString()));
        Assert.Equal("pricing-visit", score.GetProperty("contributions")[0].GetProperty("rule").GetString());
        Assert.Equal("paid_search", payload.GetProperty("source").GetProperty("firstTouch").GetProperty("source").GetProperty("channel").GetString());
        Assert.Equal("kim", payload.GetProperty("assignment").GetProperty("rep").GetProperty("id").GetString());
        Assert.Equal("territory", payload.GetProperty("assignment").GetProperty("reason").GetString());
    }

    [Fact]
    public void Payload_RecentEvents_AreTheTenNewestFirst()
    {
        var events = Payload().GetProperty("recentEvents").EnumerateArray().Select(e => e.GetProperty("url").GetString()).ToList();

        Assert.Equal(10, events.Count);
        Assert.Equal("https://www.example.com/11", events[0]);
        Assert.Equal("https://www.example.com/2", events[^1]);
    }

    [Fact]
    public void Payload_FromAFlow_IsAHandOffWithTheFlowsNote()
    {
        var payload = Payload(note: "asked for a demo");

        Assert.Equal("lead.handoff", payload.GetProperty("type").GetString());
        Assert.Equal("asked for a demo", payload.GetProperty("note").GetString());
    }

    [Fact]
    public void Payload_NobodyAssigned_HasNoRep()
    {
        var payload = JsonSerializer.SerializeToElement(
            AlertContent.Payload(AlertId, Lead(), Score, new Assignment(null, RepChooser.FallbackReason), PublicUrl, Leads.Now), AlertContent.Json);

        Assert.Equal(JsonValueKind.Null, payload.GetProperty("assignment").GetProperty("rep").ValueKind);
    }

    [Fact]
    public void SlackText_IsOneLine_WithTheLeadsLink()
    {
        var text = AlertContent.SlackText(Lead(), Score, new Assignment(Kim, RepChooser.RoundRobinReason), PublicUrl);

        Assert.Equal(":fire: Hot lead Kim Lee <kim@northwind.example>: score 72, grade A, fit 40. Top interest: pricing 30, docs 12, blog 4. " +
            "First touch: paid_search. Assigned: Rep kim (round-robin). <https://nurture.example/console/#/leads/6a0e2d4c-1111-4222-8333-944455556666|Open lead>", text);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void EmailSubjectAndText_NameTheLead_TheReason_AndWhy()
    {
        var lead = Lead();
        var assignment = new Assignment(Kim, RepChooser.OwnerReason);

        Assert.Equal("Hot lead: Kim Lee <kim@northwind.example> (score 72, grade A)", AlertContent.EmailSubject(lead, Score));
        var text = AlertContent.EmailText(lead, Score, assignment, PublicUrl);
        Assert.StartsWith("Kim Lee <kim@northwind.example> just became a hot lead and is assigned to you (existing owner).", text);
        Assert.Contains("First touch: paid_search (google); last touch: email.", text);
        Assert.Contains("  +20 pricing-visit https://www.example.com/pricing\n", text);
        Assert.EndsWith("Open the lead: https://nurture.example/console/#/leads/6a0e2d4c-1111-4222-8333-944455556666\n", text);
        Assert.StartsWith("Kim Lee <kim@northwind.example> is handed to you (existing owner): asked for a demo.", AlertContent.EmailText(lead, Score, assignment, PublicUrl, "asked for a demo"));
    }

    [Fact]
    public void Who_WithoutAName_IsTheEmail_ElseTheId()
    {
        var unnamed = Leads.With();
        var anonymous = new LeadState { Id = Guid.Parse("6a0e2d4c-1111-4222-8333-944455556666") };

        Assert.Equal("Hot lead: kim@northwind.example (score 72, grade A)", AlertContent.EmailSubject(unnamed, Score));
        Assert.Equal("Reminder: hot lead 6a0e2d4c-1111-4222-8333-944455556666 is waiting for your answer", AlertContent.ReminderSubject(anonymous));
    }

    [Fact]
    public void ReminderText_SaysHowLongTheLeadHasWaited() =>
        Assert.StartsWith("Kim Lee <kim@northwind.example> became a hot lead 45 minutes ago and is assigned to you, with no answer yet.",
            AlertContent.ReminderText(Lead(), TimeSpan.FromMinutes(45.9), PublicUrl));

    [Fact]
    public void EmailHtml_EscapesTheText() =>
        Assert.Equal("<html><body><pre style=\"font-family: sans-serif\">&lt;b&gt;Kim &amp; co&lt;/b&gt;</pre></body></html>", AlertContent.EmailHtml("<b>Kim & co</b>"));

    [Fact]
    public void AlertId_IsTheSameForTheSameLeadAndEvent_OnEveryNode()
    {
        var lead = Guid.NewGuid();

        Assert.Equal(HotLeadAlerter.AlertId(lead, "e1"), HotLeadAlerter.AlertId(lead, "e1"));
        Assert.NotEqual(HotLeadAlerter.AlertId(lead, "e1"), HotLeadAlerter.AlertId(lead, "e2"));
        Assert.NotEqual(HotLeadAlerter.AlertId(lead, "e1"), HotLeadAlerter.AlertId(Guid.NewGuid(), "e1"));
    }
}
