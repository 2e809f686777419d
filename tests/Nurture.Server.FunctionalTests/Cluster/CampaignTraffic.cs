using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Cluster;

/// <summary>
/// What the cluster-schema tests send and check: from one campaign, a person who identifies (three
/// events) and five anonymous visitors; the tables, the lead list and the source analysis over them.
/// </summary>
public sealed record CampaignTraffic(string Tag, string Campaign, string Known, string Email, string Company)
{
    public static readonly string[] Tables = ["events", "score_changes", "lead_profiles", "lead_aliases"];

    /// <summary>Every row these visitors left in events.</summary>
    public string Visitors => $"visitor_id LIKE '%-{Tag}%' OR visitor_id = '{Known}'";

    public static async Task<CampaignTraffic> SendAsync(NurtureApp app, string name, string companyPrefix)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var traffic = new CampaignTraffic(tag, $"campaign-{tag}", $"known-{tag}", $"known-{tag}@example.com", $"{companyPrefix} {tag}");
        var landing = $"https://shop.example.com/?utm_source=news&utm_medium=email&utm_campaign={traffic.Campaign}";
        await app.SendAsBrowserAsync(
            app.Event(traffic.Known, url: landing),
            app.Event(traffic.Known, url: "https://shop.example.com/pricing"),
            app.Event(traffic.Known, type: "identify", url: null, extra: new { email = traffic.Email, traits = new { name, company = traffic.Company } }));
        for (var i = 0; i < 5; i++) await app.SendAsBrowserAsync(app.Event($"anon-{tag}-{i}", url: landing));
        return traffic;
    }

    /// <summary>Each table under its plain name is Distributed, over a <c>&lt;name&gt;_local</c> table of the expected engine.</summary>
    public static async Task AssertLayoutAsync(ClickHouseProbe server, string database, Func<string, bool> localEngine)
    {
        // The writers make the schema as they start, each its own tables: wait for all of them.
        var engines = await ClickHouseProbe.EventuallyAsync(
            async () => (await server.QueryAsync($"SELECT name, engine FROM system.tables WHERE database = '{database}'"))
                .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("engine").GetString()!),
            found => Tables.All(t => found.ContainsKey(t) && found.ContainsKey(t + "_local")), TimeSpan.FromSeconds(30));
        foreach (var table in Tables)
        {
            Assert.True(engines.ContainsKey(table) && engines.ContainsKey(table + "_local"), $"{table} or {table}_local is missing on {server}");
            Assert.Equal("Distributed", engines[table]);
            Assert.True(localEngine(engines[table + "_local"]), $"{table}_local is {engines[table + "_local"]}");
        }
    }

    /// <summary>The lead list finds the person by company; answers their lead id.</summary>
    public async Task<Guid> FindInLeadListAsync(HttpClient api)
    {
        var list = await ClickHouseProbe.EventuallyAsync(
            () => ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads?q={Uri.EscapeDataString(Company)}"),
            // The page and the total are two reads: a row landing between them shows a total of 1 over an empty page.
            l => l.ValueKind == JsonValueKind.Object && l.GetProperty("total").GetInt64() == 1 && l.GetProperty("leads").GetArrayLength() == 1,
            TimeSpan.FromSeconds(30));
        Assert.Equal(1, list.GetProperty("total").GetInt64());
        var lead = list.GetProperty("leads")[0];
        Assert.Equal(Email, lead.GetProperty("email").GetString());
        return lead.GetProperty("id").GetGuid();
    }

    /// <summary>Analysis over events, lead_profiles and score_changes: six new leads from the campaign, one known.</summary>
    public async Task AssertSourcesAsync(HttpClient api)
    {
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var sources = await ClickHouseProbe.EventuallyAsync(
            () => api.GetFromJsonAsync<JsonElement>($"/api/analysis/sources?by=campaign&interval=month&from={from}&to={to}"),
            r => r.GetProperty("rows").EnumerateArray().Any(row => row.GetProperty("key").GetString() == Campaign && row.GetProperty("leads").GetInt64() == 6),
            TimeSpan.FromSeconds(30));
        var row = sources.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == Campaign);
        Assert.Equal(6, row.GetProperty("leads").GetInt64());
        Assert.Equal(1, row.GetProperty("known").GetInt64());
    }
}
