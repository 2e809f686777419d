using System.Diagnostics;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Durability;

/// <summary>
/// PostgreSQL (grain state, membership, reminders, sites) goes away for a few seconds during ingest:
/// tracking keeps answering 202 (the spool is local, sites are cached), and once it is back every
/// acknowledged event is in ClickHouse once and counted once by its lead.
/// </summary>
[Collection(nameof(SharedServiceFaults))]
public sealed class PostgresRestartTests(NurtureApp app) : IClassFixture<NurtureApp>
{
    [Fact]
    public async Task PostgresRestart_DuringIngest_LosesNothing_AndCountsNothingTwice()
    {
        var visitors = Enumerable.Range(0, 5).Select(i => $"pgr-{i}-{Guid.NewGuid():N}").ToList();
        foreach (var visitor in visitors)
            await app.SendAsBrowserAsync(app.Event(visitor, type: "identify", url: null, extra: new { email = $"{visitor}@example.com" }));
        foreach (var visitor in visitors) await app.LeadByEmailAsync($"{visitor}@example.com");

        var restart = SharedServices.RunAsync("NURTURE_TEST_PG_RESTART");
        var sent = 0;
        var clock = Stopwatch.StartNew();
        // Through the restart and a little after it: every batch must be acknowledged.
        while (!restart.IsCompleted || clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            await app.SendAsBrowserAsync(visitors.Select(v => app.Event(v, url: $"https://shop.example.com/p/{sent}")).ToArray());
            sent++;
            await Task.Delay(100); // the stream's pace through the restart, not a wait for anything
        }
        await restart;

        var expected = visitors.Count * (sent + 1);
        var inClickHouse = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.CountAsync($"visitor_id IN ({string.Join(",", visitors.Select(v => $"'{v}'"))})"), n => n == expected, TimeSpan.FromSeconds(60));
        Assert.Equal(expected, inClickHouse);
        foreach (var visitor in visitors)
        {
            var lead = await app.LeadByEmailAsync($"{visitor}@example.com", l => l.GetProperty("counters").GetProperty("events").GetInt64() >= sent + 1);
            Assert.Equal(sent + 1, lead.GetProperty("counters").GetProperty("events").GetInt64());
        }
    }
}
