using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nurture.Handoff.Sales;
using Nurture.Server.FunctionalTests.Access;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>
/// The hand-off SLA on a moved clock: a call logged by the assigned rep is the first touch that stops the
/// clock (no reminder, no reassignment); one logged for another rep is not.
/// </summary>
[Collection(MovedClock.Name)]
public sealed class SlaFirstTouchTests(ClockApp app)
{
    [Fact]
    public async Task ACallByTheAssignedRep_StopsTheSlaClock_ACallForAnotherRepDoesNot()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rep = $"toucher-{tag}";
        var other = $"other-{tag}";
        // Inactive: the assignments below are made by hand, and no other class's lead may go to these reps.
        foreach (var id in new[] { rep, other })
            (await app.Api().PostAsJsonAsync("/api/reps", new { id, name = id, email = $"{id}@sales.example", capacity = 10, active = false })).EnsureSuccessStatusCode();
        var called = await AssignedLeadAsync(rep, "called");
        var calledForOther = await AssignedLeadAsync(rep, "other");

        using (var call = await app.Api().PostAsJsonAsync($"/api/leads/{called.LeadId}/activities", new { kind = "call", outcome = "no_answer", rep }))
            Assert.Equal(201, (int)call.StatusCode);
        using (var call = await app.Api().PostAsJsonAsync($"/api/leads/{calledForOther.LeadId}/activities", new { kind = "call", outcome = "reached", rep = other }))
            Assert.Equal(201, (int)call.StatusCode);

        // Past the reminder's time: only the lead its own rep has not touched is reminded.
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await WatchLooksAsync();
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM nurture_assignments WHERE alert_id = $1 AND reminded_at IS NOT NULL", called.AlertId));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM nurture_assignments WHERE alert_id = $1 AND reminded_at IS NOT NULL", calledForOther.AlertId));

        // Past the reassignment's time: the touched lead stays with its rep.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await WatchLooksAsync();
        Assert.Equal(0, await app.CountAsync("SELECT count(*) FROM nurture_assignments WHERE alert_id = $1 AND reassigned_at IS NOT NULL", called.AlertId));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM nurture_assignments WHERE alert_id = $1 AND reassigned_at IS NOT NULL", calledForOther.AlertId));
    }

    /// <summary>A lead with an alert assigned to the rep now (on the moved clock), as the hand-off worker would record it.</summary>
    private async Task<(Guid LeadId, Guid AlertId)> AssignedLeadAsync(string rep, string name)
    {
        var (_, created) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email = $"{name}-{Guid.NewGuid():N}@acme.example", name } });
        var leadId = created.GetProperty("leadId").GetGuid();
        var alertId = Guid.NewGuid();
        var now = app.Clock.GetUtcNow();
        await AccessSetup.ExecuteAsync(app, "INSERT INTO nurture_alerts (id, lead_id, event_id, triggered_at, status) VALUES ($1, $2, $3, $4, 'delivered')",
            alertId, leadId, "test-" + alertId.ToString("N"), now);
        await AccessSetup.ExecuteAsync(app, "INSERT INTO nurture_assignments (alert_id, lead_id, rep_id, reason, at) VALUES ($1, $2, $3, 'test', $4)",
            alertId, leadId, rep, now);
        return (leadId, alertId);
    }

    private Task WatchLooksAsync() =>
        app.Services.GetServices<IHostedService>().OfType<SlaWatch>().Single().CheckAsync(CancellationToken.None);
}
