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
        var tag = Guid.NewGuid().ToString("N")[..8];
        var campaign = $"dist-{tag}";
        var known = $"known-{tag}";
        var email = $"{known}@example.com";
        await app.SendAsBrowserAsync(
            app.Event(known, url: $"https://shop.example.com/?utm_source=news&utm_medium=email&utm_campaign={campaign}"),
            app.Event(known, url: "https://shop.example.com/pricing"),
            app.Event(known, type: "identify", url: null, extra: new { email, traits = new { name = "Dora Distributed", company = $"Shard {tag}" } }));
        for (var i = 0; i < 5; i++)
            await app.SendAsBrowserAsync(app.Event($"anon-{tag}-{i}", url: $"https://shop.example.com/?utm_source=news&utm_medium=email&utm_campaign={campaign}"));
        using (var pixel = app.CreateClient())
        {
            pixel.DefaultRequestHeaders.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);
            using var gif = await pixel.GetAsync($"/t.gif?siteKey={app.SiteKey}&visitorId={known}&eventId=px-{tag}&type=page_view&url={Uri.EscapeDataString("https://shop.example.com/demo")}");
            Assert.Equal("image/gif", gif.Content.Headers.ContentType?.MediaType);
        }

        // The schema: <name>_local MergeTree tables, and Distributed tables under the names the server uses.
        var engines = (await app.ClickHouse.QueryAsync($"SELECT name, engine FROM system.tables WHERE database = '{app.ClickHouse.Database}'"))
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("engine").GetString()!);
        foreach (var table in new[] { "events", "score_changes", "lead_profiles", "lead_aliases" })
        {
            Assert.Equal("Distributed", engines[table]);
            Assert.EndsWith("MergeTree", engines[table + "_local"]);
        }

        // Every event once, in the local table and through the Distributed one.
        var events = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.QueryAsync($"SELECT count() AS n, uniqExact(event_id) AS ids FROM events_local WHERE visitor_id LIKE '%-{tag}%' OR visitor_id = '{known}'"),
            r => r[0].GetProperty("n").GetInt64() == 9, TimeSpan.FromSeconds(30));
        Assert.Equal(9, events[0].GetProperty("n").GetInt64());
        Assert.Equal(9, events[0].GetProperty("ids").GetInt64());
        Assert.Equal(9, await app.ClickHouse.CountAsync($"visitor_id LIKE '%-{tag}%' OR visitor_id = '{known}'"));

        // The lead list (lead_profiles FINAL through the Distributed table) finds the person.
        var api = app.Api();
        var list = await ClickHouseProbe.EventuallyAsync(
            () => ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads?q={Uri.EscapeDataString($"Shard {tag}")}"),
            // The page and the total are two reads: a row landing between them shows a total of 1 over an empty page.
            l => l.ValueKind == JsonValueKind.Object && l.GetProperty("total").GetInt64() == 1 && l.GetProperty("leads").GetArrayLength() == 1,
            TimeSpan.FromSeconds(30));
        Assert.Equal(1, list.GetProperty("total").GetInt64());
        var lead = list.GetProperty("leads")[0];
        Assert.Equal(email, lead.GetProperty("email").GetString());
        var leadId = lead.GetProperty("id").GetGuid();

        // Analysis over events, lead_profiles and score_changes: six new leads from the campaign, one known.
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var sources = await ClickHouseProbe.EventuallyAsync(
            () => api.GetFromJsonAsync<JsonElement>($"/api/analysis/sources?by=campaign&interval=month&from={from}&to={to}"),
            r => r.GetProperty("rows").EnumerateArray().Any(row => row.GetProperty("key").GetString() == campaign && row.GetProperty("leads").GetInt64() == 6),
            TimeSpan.FromSeconds(30));
        var row = sources.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == campaign);
        Assert.Equal(6, row.GetProperty("leads").GetInt64());
        Assert.Equal(1, row.GetProperty("known").GetInt64());

        // The timeline reads events through the Distributed table: the person's four events, newest first.
        var timeline = await api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/timeline?limit=50");
        Assert.Equal(4, timeline.GetProperty("events").GetArrayLength());

        // Erasure mutates the local tables (a Distributed table takes no ALTER ... DELETE).
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Delete, $"/api/leads/{leadId}")).Status);
        var left = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.CountAsync($"visitor_id = '{known}'"), n => n == 0, TimeSpan.FromSeconds(30));
        Assert.Equal(0, left);
    }
}
