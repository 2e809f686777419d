using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Cluster;

/// <summary>
/// The host on a replicated ClickHouse cluster: two ClickHouse servers holding one shard, coordinated by
/// ZooKeeper (deploy/local.sh test starts all three). The schema is made with DDL ON CLUSTER and
/// Replicated engines; what the server writes through one server is read back from the other.
/// </summary>
public sealed class ReplicatedClusterTests(ReplicatedClusterTests.ReplicatedApp app) : IClassFixture<ReplicatedClusterTests.ReplicatedApp>
{
    private static string ClusterName => Environment.GetEnvironmentVariable("NURTURE_TEST_CLICKHOUSE_REPLICATED_CLUSTER") is { Length: > 0 } name
        ? name
        : throw new InvalidOperationException("NURTURE_TEST_CLICKHOUSE_REPLICATED_CLUSTER is not set: run the tests through deploy/local.sh test, which starts two ClickHouse replicas and ZooKeeper.");

    private static string ReplicaUrl => Environment.GetEnvironmentVariable("NURTURE_TEST_CLICKHOUSE_REPLICA") is { Length: > 0 } url
        ? url
        : throw new InvalidOperationException("NURTURE_TEST_CLICKHOUSE_REPLICA is not set: run the tests through deploy/local.sh test.");

    public sealed class ReplicatedApp : NurtureApp
    {
        protected override void Adjust(Dictionary<string, string?> settings)
        {
            settings["Nurture:ClickHouse:Cluster"] = ClusterName;
            settings["Nurture:ClickHouse:Replicated"] = "true";
        }
    }

    [Fact]
    public async Task SchemaIsReplicatedOnBothServers_EventsWrittenThroughOneAreReadFromTheOther_AndErasureReachesBoth()
    {
        var replica = new ClickHouseProbe(app.ClickHouse.Database, ReplicaUrl);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var campaign = $"repl-{tag}";
        var known = $"known-{tag}";
        var email = $"{known}@example.com";
        await app.SendAsBrowserAsync(
            app.Event(known, url: $"https://shop.example.com/?utm_source=news&utm_medium=email&utm_campaign={campaign}"),
            app.Event(known, url: "https://shop.example.com/pricing"),
            app.Event(known, type: "identify", url: null, extra: new { email, traits = new { name = "Rita Replica", company = $"Replica {tag}" } }));
        for (var i = 0; i < 5; i++)
            await app.SendAsBrowserAsync(app.Event($"anon-{tag}-{i}", url: $"https://shop.example.com/?utm_source=news&utm_medium=email&utm_campaign={campaign}"));

        // ON CLUSTER made every table on both servers: Replicated engines under Distributed tables.
        foreach (var server in new[] { app.ClickHouse, replica })
        {
            var engines = (await server.QueryAsync($"SELECT name, engine FROM system.tables WHERE database = '{app.ClickHouse.Database}'"))
                .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("engine").GetString()!);
            foreach (var table in new[] { "events", "score_changes", "lead_profiles", "lead_aliases" })
            {
                Assert.Equal("Distributed", engines[table]);
                Assert.StartsWith("Replicated", engines[table + "_local"]);
            }
        }
        var replicas = await replica.QueryAsync($"SELECT table, total_replicas, active_replicas FROM system.replicas WHERE database = '{app.ClickHouse.Database}'");
        Assert.NotEmpty(replicas);
        Assert.All(replicas, r => Assert.Equal(2, r.GetProperty("active_replicas").GetInt64()));

        // The server wrote to the first server; the second has every event once in its own local table.
        const string mine = "visitor_id LIKE '%-{0}%' OR visitor_id = '{1}'";
        var where = string.Format(mine, tag, known);
        var copied = await ClickHouseProbe.EventuallyAsync(
            () => replica.QueryAsync($"SELECT count() AS n, uniqExact(event_id) AS ids FROM events_local WHERE {where}"),
            r => r[0].GetProperty("n").GetInt64() == 8, TimeSpan.FromSeconds(30));
        Assert.Equal(8, copied[0].GetProperty("n").GetInt64());
        Assert.Equal(8, copied[0].GetProperty("ids").GetInt64());
        Assert.Equal(8, await app.ClickHouse.CountAsync(where));

        // The lead list and the source analysis read through the Distributed tables.
        var api = app.Api();
        var list = await ClickHouseProbe.EventuallyAsync(
            () => ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads?q={Uri.EscapeDataString($"Replica {tag}")}"),
            l => l.ValueKind == JsonValueKind.Object && l.GetProperty("total").GetInt64() == 1 && l.GetProperty("leads").GetArrayLength() == 1,
            TimeSpan.FromSeconds(30));
        var leadId = list.GetProperty("leads")[0].GetProperty("id").GetGuid();
        Assert.Equal(email, list.GetProperty("leads")[0].GetProperty("email").GetString());
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var sources = await ClickHouseProbe.EventuallyAsync(
            () => api.GetFromJsonAsync<JsonElement>($"/api/analysis/sources?by=campaign&interval=month&from={from}&to={to}"),
            r => r.GetProperty("rows").EnumerateArray().Any(row => row.GetProperty("key").GetString() == campaign && row.GetProperty("leads").GetInt64() == 6),
            TimeSpan.FromSeconds(30));
        Assert.Equal(1, sources.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == campaign).GetProperty("known").GetInt64());
        var replicaProfiles = await ClickHouseProbe.EventuallyAsync(
            () => replica.QueryAsync($"SELECT count() AS n FROM lead_profiles_local WHERE email = '{email}'"),
            r => r[0].GetProperty("n").GetInt64() > 0, TimeSpan.FromSeconds(30));
        Assert.True(replicaProfiles[0].GetProperty("n").GetInt64() > 0, "the lead list row did not reach the replica");

        // Erasure mutates the replicated local tables; the deletion reaches both servers.
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Delete, $"/api/leads/{leadId}")).Status);
        foreach (var server in new[] { app.ClickHouse, replica })
        {
            var left = await ClickHouseProbe.EventuallyAsync(
                () => server.QueryAsync($"SELECT count() AS n FROM events_local WHERE visitor_id = '{known}'"),
                r => r[0].GetProperty("n").GetInt64() == 0, TimeSpan.FromSeconds(30));
            Assert.Equal(0, left[0].GetProperty("n").GetInt64());
        }
    }
}
