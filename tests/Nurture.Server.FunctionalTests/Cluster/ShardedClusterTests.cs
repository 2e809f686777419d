using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Cluster;

/// <summary>
/// Two server nodes on a ClickHouse cluster of two shards (the test profile's two ClickHouse servers),
/// each node talking to its own ClickHouse: the data spreads over both shards and every read that spans
/// them (lead counts, the lead list, the timeline, a behaviour segment, erasure) sees all of it once.
/// </summary>
public sealed class ShardedClusterTests
{
    private const int Visitors = 24;
    private const int PageViewsEach = 4;

    [Fact]
    public async Task TwoNodesOnTwoShards_DataSpreadsOverBoth_AndReadsAcrossThemSeeEverythingOnce()
    {
        await using var cluster = await ProcessCluster.CreateAsync();
        var shards = new[] { cluster.ClickHouse, new ClickHouseProbe(cluster.ClickHouse.Database, TestEnvironment.ClickHouseReplicaUrl) };
        var nodeIds = await NodeIdsForEachShardAsync();
        var nodes = new ServerProcess[2];
        for (var i = 0; i < 2; i++)
        {
            // events and score_changes are sharded by the spool's node id: one id per shard puts each node's rows on its own.
            var spool = Path.Combine(Path.GetTempPath(), "nurture-spool-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(spool);
            await File.WriteAllTextAsync(Path.Combine(spool, "node-id"), nodeIds[i]);
            nodes[i] = cluster.AddServer(spool);
            nodes[i].SetEnvironment("Nurture__ClickHouse__Cluster", TestEnvironment.ShardedClusterName);
            nodes[i].SetEnvironment("Nurture__ClickHouse__Url", i == 0 ? TestEnvironment.ClickHouseUrl : TestEnvironment.ClickHouseReplicaUrl);
        }
        await Task.WhenAll(nodes.Select(n => n.StartAsync()));
        var (siteId, siteKey) = await ProcessCluster.CreateSiteAsync(nodes[0]);
        var run = Guid.NewGuid().ToString("N")[..8];
        using var api = nodes[1].Client(withApiKey: true);

        // A behaviour segment: known people with two pricing views; only pairs that merged qualify (see Traffic).
        using (var segment = await api.PutAsJsonAsync($"/api/segments/pricing-{run}", new
        {
            name = "Pricing, twice",
            filter = new { known = true, q = run, behaviour = new[] { new { type = "page_view", pathPrefix = "/pricing", atLeast = 2, withinDays = 14 } } },
        }))
            Assert.Equal(200, (int)segment.StatusCode);

        // Each visitor's events alternate between the nodes, so every lead has rows on both shards.
        var ledger = new AcknowledgedEvents();
        var clients = nodes.Select(n => n.Client()).ToArray();
        var sentThrough = new int[2];
        foreach (var (visitor, events) in Traffic(siteKey, run))
            for (var e = 0; e < events.Count; e++)
            {
                Assert.True(await ledger.TrySendAsync(clients[e % 2], [events[e]]), ledger.LastFailure);
                sentThrough[e % 2]++;
            }
        var sent = sentThrough.Sum();

        // Every event once over the cluster; each shard holds exactly its node's rows.
        var all = await ClickHouseProbe.EventuallyAsync(
            () => shards[1].QueryAsync($"SELECT event_id FROM events WHERE site_id = toUUID('{siteId}')"),
            r => r.Count >= sent, TimeSpan.FromSeconds(60));
        var ids = all.Select(r => r.GetProperty("event_id").GetString()!).ToList();
        Assert.Equal(sent, ids.Count);
        Assert.Equal(sent, ids.Distinct().Count());
        Assert.Empty(ledger.EventIds.Except(ids));
        for (var i = 0; i < 2; i++)
        {
            var local = await shards[i].QueryAsync($"SELECT spool_node, count() AS n FROM events_local WHERE site_id = toUUID('{siteId}') GROUP BY spool_node");
            Assert.Equal(nodeIds[i], Assert.Single(local).GetProperty("spool_node").GetString());
            Assert.Equal(sentThrough[i], local[0].GetProperty("n").GetInt64());
        }

        // Each person's lead counts all their events (a pair sharing an email is one lead, merged across nodes).
        foreach (var (person, expected) in EventsPerPerson(run))
        {
            var path = person.Contains('@') ? $"/api/leads?email={Uri.EscapeDataString(person)}" : $"/api/leads/{LeadIds.ForVisitor(siteId, person)}";
            var lead = await ClickHouseProbe.EventuallyAsync(
                () => ClickHouseProbe.GetJsonOrDefaultAsync(api, path), l => ClickHouseProbe.Has(l, expected, "counters", "events"), TimeSpan.FromSeconds(30));
            Assert.True(ClickHouseProbe.Has(lead, expected, "counters", "events"), $"{person}: {lead}");
        }

        // The lead list (lead_profiles FINAL, sharded by lead id) has each known person once, from both shards.
        const int pairs = Visitors / 4;
        var list = await ClickHouseProbe.EventuallyAsync(
            () => ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads?q={run}&known=true&limit=100"),
            l => l.ValueKind == JsonValueKind.Object && l.GetProperty("total").GetInt64() == pairs && l.GetProperty("leads").GetArrayLength() == pairs,
            TimeSpan.FromSeconds(30));
        Assert.Equal(pairs, list.GetProperty("leads").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()).Distinct().Count());
        foreach (var shard in shards)
            Assert.True((await shard.QueryAsync($"SELECT count() AS n FROM lead_profiles_local WHERE has(sites, '{siteId}')"))[0].GetProperty("n").GetInt64() > 0,
                $"no lead_profiles rows on {shard}");

        // The timeline of a merged pair reads both visitors' events from both shards.
        var merged = list.GetProperty("leads")[0].GetProperty("id").GetGuid();
        var timeline = await api.GetFromJsonAsync<JsonElement>($"/api/leads/{merged}/timeline?limit=50");
        Assert.Equal(2 * (PageViewsEach + 1), timeline.GetProperty("events").GetArrayLength());

        // The behaviour segment counts pricing views over both shards (one on each) for known leads.
        var refresh = await ClickHouseProbe.EventuallyAsync(
            async () => await (await api.PostAsync($"/api/segments/pricing-{run}/refresh", null)).Content.ReadFromJsonAsync<JsonElement>(),
            r => r.GetProperty("size").GetInt32() == pairs, TimeSpan.FromSeconds(30));
        Assert.Equal(pairs, refresh.GetProperty("size").GetInt32());

        // Erasure reaches the local tables of both shards.
        Assert.Equal(200, (int)(await api.DeleteAsync($"/api/leads/{merged}")).StatusCode);
        var erased = timeline.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("visitorId").GetString()).Distinct().ToList();
        Assert.Equal(2, erased.Count);
        foreach (var shard in shards)
        {
            var left = await ClickHouseProbe.EventuallyAsync(
                async () => (await shard.QueryAsync($"SELECT count() AS n FROM events_local WHERE visitor_id IN ('{string.Join("','", erased)}')"))[0].GetProperty("n").GetInt64(),
                n => n == 0, TimeSpan.FromSeconds(30));
            Assert.Equal(0, left);
        }
    }

    /// <summary>
    /// Visitors 4k..4k+3: each views four pages; the even ones view /pricing first and second (so once
    /// through each node). 4k and 4k+1 then identify with one shared email: one known lead with two
    /// pricing views. 4k+2 views pricing twice but stays anonymous; 4k+3 never does.
    /// </summary>
    private static IEnumerable<(string Visitor, List<TrackerEvent> Events)> Traffic(string siteKey, string run)
    {
        for (var i = 0; i < Visitors; i++)
        {
            var visitor = $"sh{i}-{run}";
            var events = Enumerable.Range(0, PageViewsEach)
                .Select(e => new TrackerEvent(siteKey, visitor, $"{visitor}-{e}", "page_view",
                    Url: i % 2 == 0 && e < 2 ? $"https://shop.example.com/pricing/{e}" : $"https://shop.example.com/docs/{e}"))
                .ToList();
            events.Add(i % 4 < 2
                ? new TrackerEvent(siteKey, visitor, $"{visitor}-id", "identify", Email: PairEmail(i, run))
                : new TrackerEvent(siteKey, visitor, $"{visitor}-{PageViewsEach}", "page_view", Url: "https://shop.example.com/"));
            yield return (visitor, events);
        }
    }

    private static string PairEmail(int visitor, string run) => $"pair{visitor / 4}-{run}@example.com";

    private static IEnumerable<(string Person, long Events)> EventsPerPerson(string run) =>
        Enumerable.Range(0, Visitors)
            .GroupBy(i => i % 4 < 2 ? PairEmail(i, run) : $"sh{i}-{run}")
            .Select(g => (g.Key, (long)g.Count() * (PageViewsEach + 1)));

    /// <summary>Two spool node ids that the Distributed tables' key (cityHash64 of the id, modulo 2) sends to shard 1 and shard 2.</summary>
    private static async Task<string[]> NodeIdsForEachShardAsync()
    {
        var candidates = Enumerable.Range(0, 32).Select(_ => Guid.NewGuid().ToString("N")[..12]).ToList();
        var rows = await new ClickHouseProbe("default").QueryAsync(
            $"SELECT id, cityHash64(id) % 2 AS slot FROM (SELECT arrayJoin(['{string.Join("','", candidates)}']) AS id)");
        return [.. Enumerable.Range(0, 2).Select(slot => rows.First(r => r.GetProperty("slot").GetInt64() == slot).GetProperty("id").GetString()!)];
    }
}
