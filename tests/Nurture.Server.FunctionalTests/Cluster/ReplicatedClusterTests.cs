using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Cluster;

/// <summary>
/// The host on a replicated ClickHouse cluster: two ClickHouse servers holding one shard, coordinated by
/// ZooKeeper (deploy/local.sh test starts all three). The schema is made with DDL ON CLUSTER and
/// Replicated engines; what the server writes through one server is read back from the other.
/// </summary>
public sealed class ReplicatedClusterTests(ReplicatedClusterTests.ReplicatedApp app) : IClassFixture<ReplicatedClusterTests.ReplicatedApp>
{
    public sealed class ReplicatedApp : NurtureApp
    {
        protected override void Adjust(Dictionary<string, string?> settings)
        {
            settings["Nurture:ClickHouse:Cluster"] = TestEnvironment.ReplicatedClusterName;
            settings["Nurture:ClickHouse:Replicated"] = "true";
        }
    }

    [Fact]
    public async Task SchemaIsReplicatedOnBothServers_EventsWrittenThroughOneAreReadFromTheOther_AndErasureReachesBoth()
    {
        var replica = new ClickHouseProbe(app.ClickHouse.Database, TestEnvironment.ClickHouseReplicaUrl);
        var traffic = await CampaignTraffic.SendAsync(app, "Rita Replica", "Replica");

        // ON CLUSTER made every table on both servers: Replicated engines under Distributed tables.
        foreach (var server in new[] { app.ClickHouse, replica })
            await CampaignTraffic.AssertLayoutAsync(server, app.ClickHouse.Database, engine => engine.StartsWith("Replicated", StringComparison.Ordinal));
        var replicas = await replica.QueryAsync($"SELECT table, active_replicas FROM system.replicas WHERE database = '{app.ClickHouse.Database}'");
        Assert.Equal(CampaignTraffic.Tables.Length, replicas.Count);
        Assert.All(replicas, r => Assert.Equal(2, r.GetProperty("active_replicas").GetInt64()));

        // The server wrote to the first server; the second has every event once in its own local table.
        var copied = await ClickHouseProbe.EventuallyAsync(
            () => replica.QueryAsync($"SELECT count() AS n, uniqExact(event_id) AS ids FROM events_local WHERE {traffic.Visitors}"),
            r => r[0].GetProperty("n").GetInt64() == 8, TimeSpan.FromSeconds(30));
        Assert.Equal(8, copied[0].GetProperty("n").GetInt64());
        Assert.Equal(8, copied[0].GetProperty("ids").GetInt64());
        Assert.Equal(8, await app.ClickHouse.CountAsync(traffic.Visitors));

        // The lead list and the source analysis read through the Distributed tables; the list row is on the replica too.
        var api = app.Api();
        var leadId = await traffic.FindInLeadListAsync(api);
        await traffic.AssertSourcesAsync(api);
        var replicaProfiles = await ClickHouseProbe.EventuallyAsync(
            () => replica.QueryAsync($"SELECT count() AS n FROM lead_profiles_local WHERE email = '{traffic.Email}'"),
            r => r[0].GetProperty("n").GetInt64() > 0, TimeSpan.FromSeconds(30));
        Assert.True(replicaProfiles[0].GetProperty("n").GetInt64() > 0, "the lead list row did not reach the replica");

        // Erasure mutates the replicated local tables; the deletion reaches both servers.
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Delete, $"/api/leads/{leadId}")).Status);
        foreach (var server in new[] { app.ClickHouse, replica })
        {
            var left = await ClickHouseProbe.EventuallyAsync(
                () => server.QueryAsync($"SELECT count() AS n FROM events_local WHERE visitor_id = '{traffic.Known}'"),
                r => r[0].GetProperty("n").GetInt64() == 0, TimeSpan.FromSeconds(30));
            Assert.Equal(0, left[0].GetProperty("n").GetInt64());
        }
    }
}
