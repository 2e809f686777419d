using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>
/// The cool-down holds when entries into hot for one lead reach the alerter at the same moment: from two
/// nodes' dispatchers, or a lead that flaps in and out of hot while batches are in flight.
/// </summary>
[Collection(HandoffHost.Name)]
public sealed class CoolDownRaceTests(HandoffApp app)
{
    [Fact]
    public async Task ConcurrentHotEntriesForOneLead_RecordOneAlert_AndOneDelivery()
    {
        var leads = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var at = DateTimeOffset.UtcNow;
        foreach (var leadId in leads)
        {
            // Each entry has its own triggering event (so its own alert id): only the cool-down can keep them to one.
            await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => app.EnterHotAsync(leadId, $"race-{i}", at.AddMilliseconds(i)))));
        }
        foreach (var leadId in leads)
            Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM nurture_alerts WHERE lead_id = $1", leadId));

        await app.Workspace.WaitForAsync(r => leads.Any(l => r.Body.Contains(l.ToString())), count: leads.Count);
        // The worker is done with every alert of these leads (nothing left to call again): one call each.
        var pending = await ClickHouseProbe.EventuallyAsync(() => app.CountAsync(
            "SELECT count(*) FROM nurture_alerts WHERE lead_id = ANY($1) AND status NOT IN ('delivered', 'dead')", (object)leads.ToArray()), n => n == 0);
        Assert.Equal(0, pending);
        Assert.Equal(leads.Count, app.Workspace.Received.Count(r => leads.Any(l => r.Body.Contains(l.ToString()))));
    }
}
