using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>The hand-off SLA on a moved clock: a reminder when the rep is late, then the lead goes to someone else.</summary>
public sealed class SlaTests(SlaApp app) : IClassFixture<SlaApp>
{
    [Fact]
    public async Task UnansweredHotLead_RemindsTheRep_ThenGoesToAnotherRep_AndAnAnswerStopsTheClock()
    {
        var api = app.Api();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var slow = $"slow-{tag}@sales.example";
        var quick = $"quick-{tag}@sales.example";
        (await api.PostAsJsonAsync("/api/reps", new { id = $"slow-{tag}", name = "Slow", email = slow, capacity = 10 })).EnsureSuccessStatusCode();

        var (_, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"sla-{tag}@acme.example", name = "Waiting Customer" } });
        var leadId = created.GetProperty("leadId").GetGuid();
        var first = await app.EnterHotAsync(leadId, $"hot-{tag}", DateTimeOffset.UtcNow);
        Assert.Contains(await MailSink.WaitForAllAsync(slow, 1), m => (m.Subject ?? "").StartsWith("Hot lead"));
        // Only now does a second rep exist, so the first assignment went to the slow one.
        (await api.PostAsJsonAsync("/api/reps", new { id = $"quick-{tag}", name = "Quick", email = quick, capacity = 10 })).EnsureSuccessStatusCode();

        // Nine minutes: nothing yet. Eleven: one reminder, however often the watch looks.
        app.Clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(1500);
        Assert.Single(MailSink.To(slow));
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var reminders = await MailSink.WaitForAllAsync(slow, 2);
        Assert.Contains(reminders, m => (m.Subject ?? "").StartsWith("Reminder: hot lead") && (m.TextBody ?? "").Contains("Waiting Customer"));
        await Task.Delay(1500);
        Assert.Equal(2, MailSink.To(slow).Count);

        // Twenty-one minutes: the lead goes to the other rep, and the workspace hears of it.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var handedOn = await MailSink.WaitForAllAsync(quick, 1);
        Assert.Contains(handedOn, m => (m.Subject ?? "").StartsWith("Hot lead") && (m.TextBody ?? "").Contains("reassigned: not answered in time"));
        var alerts = await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>("/api/alerts"),
            a => a.GetProperty("alerts").EnumerateArray().Count(x => x.GetProperty("leadId").GetGuid() == leadId) == 2);
        var reassigned = alerts.GetProperty("alerts").EnumerateArray().Single(x => x.GetProperty("leadId").GetGuid() == leadId && x.GetProperty("id").GetGuid() != first);
        Assert.Equal($"quick-{tag}", reassigned.GetProperty("repId").GetString());
        // The owner follows the assignment a moment later (the worker records the assignment first).
        var lead = await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}"),
            l => l.GetProperty("owner").GetString() == $"quick-{tag}");
        Assert.Equal($"quick-{tag}", lead.GetProperty("owner").GetString());

        // The quick rep answers: no reminder and no reassignment later.
        (await api.PostAsJsonAsync($"/api/leads/{leadId}/feedback", new { outcome = "accepted", rep = $"quick-{tag}" })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await Task.Delay(2000);
        Assert.Single(MailSink.To(quick));
        Assert.Equal(2, (await api.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("alerts").EnumerateArray().Count(x => x.GetProperty("leadId").GetGuid() == leadId));
    }
}
