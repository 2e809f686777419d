using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.Server.FunctionalTests.Handoff;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Durability;

/// <summary>
/// Two server processes in one cluster, and a lead whose events arrive through both at the same moment:
/// one alert within the cool-down however the lead flaps in and out of hot, and one more after it.
/// </summary>
public sealed class TwoNodeCoolDownTests
{
    private static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HotThroughBothNodesAtOnce_AlertsOnce_FlappingStaysQuietInTheCoolDown_AndAlertsAgainAfterIt()
    {
        using var receiver = new WebhookReceiver();
        await using var cluster = await ProcessCluster.CreateAsync();
        var a = cluster.AddServer();
        var b = cluster.AddServer();
        foreach (var server in new[] { a, b })
        {
            server.SetEnvironment("Nurture__Handoff__WebhookUrl", receiver.Url + "workspace");
            // The receiver listens on 127.0.0.1, which outbound calls may reach only when allowed.
            server.SetEnvironment("Nurture__Outbound__AllowedNetworks__0", "127.0.0.1/32");
            server.SetEnvironment("Nurture__Handoff__CoolDown", CoolDown.ToString("c"));
            server.SetEnvironment("Nurture__Handoff__PollInterval", "00:00:00.2");
        }
        await a.StartAsync();
        await b.StartAsync();
        using var apiA = a.Client(withApiKey: true);
        var silos = await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(apiA, "/api/cluster"),
            c => c.ValueKind == JsonValueKind.Object && c.GetProperty("silos").GetArrayLength() == 2, TimeSpan.FromSeconds(60));
        Assert.Equal(2, silos.GetProperty("silos").GetArrayLength());
        var (siteId, siteKey) = await ProcessCluster.CreateSiteAsync(a);

        // A free address (-10) with a CTO title (+20) at a company of 500 (+15): fit 25, over hot's minimum of 15.
        // A company of 10 takes that rule away (fit 10), so the lead leaves hot and comes back with the next 500.
        var visitor = "two-nodes-" + Guid.NewGuid().ToString("N");
        var leadId = LeadIds.ForVisitor(siteId, visitor);
        object Identify(string companySize) => new
        {
            siteKey, visitorId = visitor, type = "identify", email = $"{visitor}@gmail.com", traits = new { jobTitle = "CTO", companySize },
        };
        object Page(string path) => new { siteKey, visitorId = visitor, type = "page_view", url = "https://shop.example.com" + path };
        object Form() => new { siteKey, visitorId = visitor, type = "form_submit", url = "https://shop.example.com/contact" };

        await SendAsync(a, Identify("500"));
        await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(apiA, $"/api/leads/{leadId}/score"),
            s => ClickHouseProbe.Has(s, 25, "score", "fit"), TimeSpan.FromSeconds(60));

        // 50 points through each node at the same moment: neither half is enough, both together make it hot.
        await Task.WhenAll(
            SendAsync(a, Page("/pricing"), Page("/pricing"), Page("/pricing"), Form()),
            SendAsync(b, Page("/demo"), Page("/demo"), Form()));
        var entries = await WaitForHotEntriesAsync(apiA, leadId, 1);
        await receiver.WaitForAsync(r => r.Body.Contains(leadId.ToString()), timeout: TimeSpan.FromSeconds(60));
        var first = await AlertsAsync(cluster, leadId);
        var firstAlert = Assert.Single(first);

        // Within the cool-down: out of hot and back, through both nodes at once, a few times over. Each node's
        // pair may reach the lead whole or split around the other's, so a round re-enters hot once or twice.
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(SendAsync(a, Identify("10"), Identify("500")), SendAsync(b, Identify("10"), Identify("500")));
            entries = await WaitForHotEntriesAsync(apiA, leadId, entries + 1);
        }
        // Both dispatchers have handed every change to the alerter: the alerts table holds all it will for these rounds.
        await CaughtUpAsync(a, b);
        // Only alerts triggered within the cool-down count here: on a slow machine the last round may fall after it.
        Assert.Single(await AlertsAsync(cluster, leadId), x => x.TriggeredAt < firstAlert.TriggeredAt + CoolDown);

        // After the cool-down, the same flapping through both nodes at once alerts once more: once.
        // Two processes each measure the cool-down on their own real clock: it has to pass.
        var wait = firstAlert.TriggeredAt + CoolDown + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        await Task.WhenAll(SendAsync(a, Identify("10"), Identify("500")), SendAsync(b, Identify("10"), Identify("500")));
        await WaitForHotEntriesAsync(apiA, leadId, entries + 1);
        await receiver.WaitForAsync(r => r.Body.Contains(leadId.ToString()), count: 2, timeout: TimeSpan.FromSeconds(60));
        // Every change has reached the alerter and every delivery of the lead's alerts is done: nothing more can arrive.
        await CaughtUpAsync(a, b);
        Assert.Equal(0, await ClickHouseProbe.EventuallyAsync(() => UnsettledAlertsAsync(cluster, leadId), n => n == 0));
        var alerts = await AlertsAsync(cluster, leadId);
        Assert.Equal(2, alerts.Count);
        Assert.True(alerts[1].TriggeredAt - alerts[0].TriggeredAt >= CoolDown, $"alerts at {alerts[0].TriggeredAt:O} and {alerts[1].TriggeredAt:O}");
        Assert.Equal(alerts.Select(x => x.Id).Order(), receiver.Received.Where(r => r.Body.Contains(leadId.ToString()))
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("alertId").GetGuid()).Distinct().Order());
    }

    private static async Task CaughtUpAsync(params ServerProcess[] nodes)
    {
        foreach (var node in nodes) await ClusterNodes.CaughtUpAsync(node, consumers: "leads");
    }

    /// <summary>The lead's alerts still being prepared or delivered.</summary>
    private static async Task<long> UnsettledAlertsAsync(ProcessCluster cluster, Guid leadId)
    {
        await using var connection = new NpgsqlConnection(cluster.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM nurture_alerts WHERE lead_id = $1 AND status NOT IN ('delivered', 'dead')", connection)
        {
            Parameters = { new() { Value = leadId } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task SendAsync(ServerProcess server, params object[] events)
    {
        using var client = server.Client();
        using var response = await client.PostAsJsonAsync("/collect", events);
        Assert.Equal(202, (int)response.StatusCode);
    }

    /// <summary>Waits until the lead's stage history shows at least this many entries into hot; answers how many it shows.</summary>
    private static async Task<int> WaitForHotEntriesAsync(HttpClient api, Guid leadId, int entries)
    {
        static int HotEntries(JsonElement s) => s.ValueKind != JsonValueKind.Object ? 0
            : s.GetProperty("score").GetProperty("stageHistory").EnumerateArray().Count(c => c.GetProperty("to").GetString() == "hot");
        var score = await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads/{leadId}/score"),
            s => HotEntries(s) >= entries, TimeSpan.FromSeconds(60));
        Assert.True(HotEntries(score) >= entries, $"expected {entries} entries into hot: {score}");
        return HotEntries(score);
    }

    private static async Task<List<(Guid Id, DateTimeOffset TriggeredAt)>> AlertsAsync(ProcessCluster cluster, Guid leadId)
    {
        await using var connection = new NpgsqlConnection(cluster.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, triggered_at FROM nurture_alerts WHERE lead_id = $1 ORDER BY triggered_at", connection)
        {
            Parameters = { new() { Value = leadId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var alerts = new List<(Guid, DateTimeOffset)>();
        while (await reader.ReadAsync()) alerts.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return alerts;
    }
}
