using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Cluster;

/// <summary>
/// The host configured for a ClickHouse cluster: local MergeTree tables behind Distributed tables on a
/// one-shard cluster of the test ClickHouse, as for a cluster without ZooKeeper: DDL runs without
/// ON CLUSTER and the tables are not Replicated (<see cref="ReplicatedClusterTests"/> has both).
/// </summary>
public sealed class DistributedSchemaTests(DistributedSchemaTests.ClusteredApp app) : IClassFixture<DistributedSchemaTests.ClusteredApp>
{
    public sealed class ClusteredApp : NurtureApp
    {
        protected override void Adjust(Dictionary<string, string?> settings)
        {
            settings["Nurture:ClickHouse:Cluster"] = ClickHouseClusterCheck.ClusterName;
            settings["Nurture:ClickHouse:DistributedDdl"] = "false";
        }
    }

    [Fact]
    public async Task EventsLandInTheLocalTables_AndTheLeadListAnalysisTimelineAndErasureWorkThroughDistributedTables()
    {
        await ClickHouseClusterCheck.RequireOneLocalShardAsync();
        var traffic = await CampaignTraffic.SendAsync(app, "Dora Distributed", "Shard");
        using (var pixel = app.CreateClient())
        {
            pixel.DefaultRequestHeaders.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);
            using var gif = await pixel.GetAsync($"/t.gif?siteKey={app.SiteKey}&visitorId={traffic.Known}&eventId=px-{traffic.Tag}&type=page_view&url={Uri.EscapeDataString("https://shop.example.com/demo")}");
            Assert.Equal("image/gif", gif.Content.Headers.ContentType?.MediaType);
        }

        // The schema: <name>_local MergeTree tables, and Distributed tables under the names the server uses.
        await CampaignTraffic.AssertLayoutAsync(app.ClickHouse, app.ClickHouse.Database, engine => engine.EndsWith("MergeTree", StringComparison.Ordinal));

        // Every event once, in the local table and through the Distributed one.
        var events = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.QueryAsync($"SELECT count() AS n, uniqExact(event_id) AS ids FROM events_local WHERE {traffic.Visitors}"),
            r => r[0].GetProperty("n").GetInt64() == 9, TimeSpan.FromSeconds(30));
        Assert.Equal(9, events[0].GetProperty("n").GetInt64());
        Assert.Equal(9, events[0].GetProperty("ids").GetInt64());
        Assert.Equal(9, await app.ClickHouse.CountAsync(traffic.Visitors));

        // The lead list (lead_profiles FINAL through the Distributed table) and the source analysis.
        var api = app.Api();
        var leadId = await traffic.FindInLeadListAsync(api);
        await traffic.AssertSourcesAsync(api);

        // The timeline reads events through the Distributed table: the person's four events, newest first.
        var timeline = await api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/timeline?limit=50");
        Assert.Equal(4, timeline.GetProperty("events").GetArrayLength());

        // Erasure mutates the local tables (a Distributed table takes no ALTER ... DELETE).
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Delete, $"/api/leads/{leadId}")).Status);
        var left = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.CountAsync($"visitor_id = '{traffic.Known}'"), n => n == 0, TimeSpan.FromSeconds(30));
        Assert.Equal(0, left);
    }
}
