using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Durability;

/// <summary>
/// The promise of the spool: an acknowledged event is never lost and never counted twice, even when
/// the server is killed with SIGKILL in the middle of a stream and its clients retry what failed.
/// </summary>
public sealed class KillDuringIngestTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private sealed record Batch(string Visitor, object[] Events);

    [Fact]
    public async Task KillDashNine_DuringIngest_EveryAcknowledgedEventOnceInClickHouseAndInItsLead()
    {
        await using var cluster = await ProcessCluster.CreateAsync();
        var spool = Path.Combine(Path.GetTempPath(), "nurture-kill-" + Guid.NewGuid().ToString("N"));
        var first = cluster.AddServer(spool);
        await first.StartAsync();
        var (siteId, siteKey) = await ProcessCluster.CreateSiteAsync(first);

        var pending = new ConcurrentQueue<Batch>();
        var acknowledged = new ConcurrentDictionary<string, string>();
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
        {
            using var client = first.Client();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var visitor = $"kill-{sender}-{n % 8}";
                var batch = new Batch(visitor, Enumerable.Range(0, 5).Select(i => (object)new
                {
                    siteKey, visitorId = visitor, eventId = $"{sender}-{n}-{i}", type = "page_view",
                    url = $"https://shop.example.com/p{i}",
                }).ToArray());
                if (!await TrySendAsync(client, batch, acknowledged)) pending.Enqueue(batch);
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(3)); // the point of the test: SIGKILL three seconds into a stream of events
        first.Kill();
        stop.Cancel();
        await Task.WhenAll(senders);
        Assert.NotEmpty(acknowledged);
        output.WriteLine($"before the kill: {acknowledged.Count} events acknowledged, {pending.Count} batches failed and will be retried");

        // Restart on the same spool and ports (as a supervisor would); the clients retry what failed.
        await first.StartAsync();
        var second = first;
        using (var client = second.Client())
        {
            while (pending.TryDequeue(out var batch)) Assert.True(await TrySendAsync(client, batch, acknowledged));
        }

        var total = acknowledged.Count;
        var stored = await ClickHouseProbe.EventuallyAsync(() => cluster.ClickHouse.CountAsync(), n => n >= total, TimeSpan.FromSeconds(60));
        Assert.Equal(total, stored);
        var distinct = (await cluster.ClickHouse.QueryAsync("SELECT uniqExact(event_id) AS n FROM events"))[0].GetProperty("n").GetInt64();
        Assert.Equal(total, distinct);

        using var api = second.Client(withApiKey: true);
        foreach (var visitor in acknowledged.Values.Distinct())
        {
            var expected = acknowledged.Values.Count(v => v == visitor);
            var lead = await ClickHouseProbe.EventuallyAsync(
                () => ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads/{LeadIds.ForVisitor(siteId, visitor)}"),
                l => ClickHouseProbe.Has(l, expected, "counters", "events"), TimeSpan.FromSeconds(30));
            Assert.Equal(expected, lead.GetProperty("counters").GetProperty("events").GetInt64());
        }
    }

    private static async Task<bool> TrySendAsync(HttpClient client, Batch batch, ConcurrentDictionary<string, string> acknowledged)
    {
        try
        {
            using var response = await client.PostAsJsonAsync("/collect", batch.Events);
            if ((int)response.StatusCode != 202) return false;
            foreach (var e in batch.Events) acknowledged[JsonSerializer.SerializeToElement(e).GetProperty("eventId").GetString()!] = batch.Visitor;
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
