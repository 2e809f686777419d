using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Cluster;

/// <summary>
/// Behind a load balancer a client that got no answer from one node (it kept the batch in its spool,
/// then went down) sends the batch again, and another node takes it. Each event still counts once in its
/// lead and lands once in ClickHouse when the first node comes back and works off its spool.
/// </summary>
public sealed class CrossNodeRetryTests
{
    [Fact]
    public async Task BatchKeptByADownNode_AndRetriedOnAnother_CountsOnceInTheLead_AndLandsOnceInClickHouse()
    {
        await using var cluster = await ProcessCluster.CreateAsync();
        var survivor = cluster.AddServer();
        var stalled = cluster.AddServer();
        // The stalled node keeps what it accepts in its spool: its ClickHouse is unreachable (as if it
        // had gone down before writing), while its dispatcher feeds the leads as usual.
        stalled.SetEnvironment("Nurture__ClickHouse__Url", $"http://127.0.0.1:{TestEnvironment.FreePort()}");
        await survivor.StartAsync();
        await stalled.StartAsync();
        var (siteId, siteKey) = await ProcessCluster.CreateSiteAsync(survivor);
        using var api = survivor.Client(withApiKey: true);
        var visitor = "retry-" + Guid.NewGuid().ToString("N");
        var leadId = LeadIds.ForVisitor(siteId, visitor);
        object[] Batch(params string[] ids) => ids.Select(id => (object)new
        {
            siteKey, visitorId = visitor, eventId = id, type = "page_view", url = $"https://shop.example.com/{id}",
        }).ToArray();

        async Task SendAsync(ServerProcess node, object[] batch)
        {
            using var client = node.Client();
            using var response = await client.PostAsJsonAsync("/collect", batch);
            Assert.Equal(202, (int)response.StatusCode);
        }

        async Task<long> CountedAsync(long expected) => (await ClickHouseProbe.EventuallyAsync(
            () => ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads/{leadId}"),
            l => ClickHouseProbe.Has(l, expected, "counters", "events"), TimeSpan.FromSeconds(30)))
            .GetProperty("counters").GetProperty("events").GetInt64();

        await SendAsync(stalled, Batch("r1", "r2", "r3"));
        Assert.Equal(3, await CountedAsync(3));

        // The retry through the other node: the lead knows these ids already.
        await SendAsync(survivor, Batch("r1", "r2", "r3"));
        await SendAsync(survivor, Batch("r4"));
        Assert.Equal(4, await CountedAsync(4));
        var where = $"visitor_id = '{visitor}'";
        var rows = await ClickHouseProbe.EventuallyAsync(() => cluster.ClickHouse.CountAsync(where), n => n == 4, TimeSpan.FromSeconds(30));
        Assert.Equal(4, rows);

        // The stalled node goes down once the lead has written its state (both dispatchers have caught up) and
        // comes back able to reach ClickHouse, with r1-r3 still in its spool.
        await ClusterNodes.CaughtUpAsync(stalled, consumers: "leads");
        await ClusterNodes.CaughtUpAsync(survivor, consumers: "leads");
        stalled.Kill();
        stalled.SetEnvironment("Nurture__ClickHouse__Url", TestEnvironment.ClickHouseUrl);
        await stalled.StartAsync();
        using var stalledApi = stalled.Client();
        var ready = await ClickHouseProbe.EventuallyAsync(
            () => ClickHouseProbe.GetJsonOrDefaultAsync(stalledApi, "/readyz"),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("status").GetString() == "ready"
                 && r.GetProperty("spool").GetProperty("lag").EnumerateObject().Where(c => c.Name.StartsWith("clickhouse", StringComparison.Ordinal)).All(c => c.Value.GetInt64() == 0),
            TimeSpan.FromSeconds(60));
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Contains("already in ClickHouse table events through another node", stalled.Output);

        var landed = (await cluster.ClickHouse.QueryAsync($"SELECT count() AS n, uniqExact(event_id) AS ids FROM events WHERE {where}"))[0];
        Assert.Equal(4, landed.GetProperty("n").GetInt64());
        Assert.Equal(4, landed.GetProperty("ids").GetInt64());
        Assert.Equal(4, (await api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}")).GetProperty("counters").GetProperty("events").GetInt64());
    }
}
