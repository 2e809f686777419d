using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Handoff.Sales;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>The hand-off SLA on a moved clock: a reminder when the rep is late, then the lead goes to someone else.</summary>
[Collection(MovedClock.Name)]
public sealed class SlaTests(ClockApp app)
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
        var first = await app.EnterHotAsync(leadId, $"hot-{tag}", app.Clock.GetUtcNow());
        Assert.Contains(await MailSink.WaitForAllAsync(slow, 1), m => (m.Subject ?? "").StartsWith("Hot lead"));
        // Only now does a second rep exist, so the first assignment went to the slow one.
        (await api.PostAsJsonAsync("/api/reps", new { id = $"quick-{tag}", name = "Quick", email = quick, capacity = 10 })).EnsureSuccessStatusCode();

        // Nine minutes: the watch looks (a round run here, on the moved clock) and finds nothing due.
        app.Clock.Advance(TimeSpan.FromMinutes(9));
        await WatchLooksAsync();
        Assert.Equal(0, await RemindedAtAsync(first));
        Assert.Equal(0, await RemindersQueuedAsync(slow));
        Assert.Single(MailSink.To(slow));

        // Eleven: the watch reminds the rep on its own, once, however often it looks.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var reminders = await MailSink.WaitForAllAsync(slow, 2);
        Assert.Contains(reminders, m => (m.Subject ?? "").StartsWith("Reminder: hot lead") && (m.TextBody ?? "").Contains("Waiting Customer"));
        var reminded = await RemindedAtAsync(first);
        await WatchLooksAsync();
        await WatchLooksAsync();
        Assert.Equal(reminded, await RemindedAtAsync(first));
        Assert.Equal(1, await RemindersQueuedAsync(slow));

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

        // The quick rep answers: half an hour later the watch finds nothing to remind or reassign.
        (await api.PostAsJsonAsync($"/api/leads/{leadId}/feedback", new { outcome = "accepted", rep = $"quick-{tag}" })).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await WatchLooksAsync();
        var handedOnId = reassigned.GetProperty("id").GetGuid();
        Assert.Equal(0, await RemindedAtAsync(handedOnId));
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM nurture_assignments WHERE alert_id = $1 AND reassigned_at IS NOT NULL", handedOnId));
        Assert.Equal(0, await RemindersQueuedAsync(quick));
        Assert.Single(MailSink.To(quick));
        Assert.Equal(2, (await api.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("alerts").EnumerateArray().Count(x => x.GetProperty("leadId").GetGuid() == leadId));
    }

    /// <summary>
    /// One round of the host's own SLA watch, awaited: proof that it looked at the moved clock before the test
    /// says nothing happened (its timer also runs every 0.5 s; claims in PostgreSQL keep the two rounds apart).
    /// </summary>
    private Task WatchLooksAsync() =>
        app.Services.GetServices<IHostedService>().OfType<SlaWatch>().Single().CheckAsync(CancellationToken.None);

    /// <summary>When the watch claimed the reminder of this assignment, in microseconds since 1970; 0: not yet.</summary>
    private Task<long> RemindedAtAsync(Guid alertId) => app.CountAsync(
        "SELECT coalesce((extract(epoch FROM reminded_at) * 1000000)::bigint, 0) FROM nurture_assignments WHERE alert_id = $1", alertId);

    private Task<long> RemindersQueuedAsync(string rep) => app.CountAsync(
        "SELECT count(*) FROM nurture_email_sends WHERE template_id = 'handoff-reminder' AND to_address = $1", rep);
}
