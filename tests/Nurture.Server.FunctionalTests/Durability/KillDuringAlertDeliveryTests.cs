using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.Server.FunctionalTests.Handoff;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Durability;

/// <summary>
/// A hot lead's alert is on its way to the workspace webhook (the receiver holds the call) and to the rep by
/// email when the server is killed with SIGKILL; restarted on the same spool, it finishes the job: the alert
/// arrives, every call carries the same idempotency key and alert id, one alert exists, one email went out.
/// </summary>
public sealed class KillDuringAlertDeliveryTests
{
    [Fact]
    public async Task KillWhileTheWebhookCallIsHeld_DeliversAfterRestart_WithOneAlertOneKeyAndOneEmail()
    {
        using var receiver = new WebhookReceiver();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.AnswerGate = hold.Task;
        await using var cluster = await ProcessCluster.CreateAsync();
        var server = cluster.AddServer(Path.Combine(Path.GetTempPath(), "nurture-alert-kill-" + Guid.NewGuid().ToString("N")));
        server.SetEnvironment("Nurture__Handoff__WebhookUrl", receiver.Url + "workspace");
        // The receiver listens on 127.0.0.1, which outbound calls may reach only when allowed.
        server.SetEnvironment("Nurture__Outbound__AllowedNetworks__0", "127.0.0.1/32");
        // The held call must outlive the moment of the kill; the lease after it (twice the attempt's limit of twice this, plus a little) is what a restart waits out.
        server.SetEnvironment("Nurture__Handoff__RequestTimeout", "00:00:05");
        server.SetEnvironment("Nurture__Handoff__PollInterval", "00:00:00.2");
        server.SetEnvironment("Nurture__Handoff__RetryBaseDelay", "00:00:00.2");
        await server.StartAsync();
        var (siteId, siteKey) = await ProcessCluster.CreateSiteAsync(server);
        using var api = server.Client(withApiKey: true);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var repEmail = $"kim-{tag}@sales.example";
        (await api.PostAsJsonAsync("/api/reps", new { id = $"kim-{tag}", name = "Kim Rep", email = repEmail, capacity = 10 })).EnsureSuccessStatusCode();

        // Fit 35 (company email, CTO) and 100 points of behaviour: hot.
        var visitor = "kill-alert-" + Guid.NewGuid().ToString("N");
        var leadId = LeadIds.ForVisitor(siteId, visitor);
        using (var browser = server.Client())
        {
            object Page(string path) => new { siteKey, visitorId = visitor, type = "page_view", url = "https://shop.example.com" + path };
            object Form() => new { siteKey, visitorId = visitor, type = "form_submit", url = "https://shop.example.com/contact" };
            using var response = await browser.PostAsJsonAsync("/collect", new object[]
            {
                new { siteKey, visitorId = visitor, type = "identify", email = $"{visitor}@acme-corp.example", traits = new { name = "Kill Test", jobTitle = "CTO" } },
                Page("/pricing"), Page("/pricing"), Page("/pricing"), Page("/demo"), Page("/demo"), Form(), Form(),
            });
            Assert.Equal(202, (int)response.StatusCode);
        }

        // The webhook call arrived and is held: the delivery is in flight. Kill now.
        var held = await receiver.WaitForAsync(r => r.Body.Contains(leadId.ToString()), timeout: TimeSpan.FromSeconds(90));
        Assert.NotEmpty(held);
        server.Kill();
        hold.SetResult(); // from now on calls are answered at once; the held call's caller is gone
        await server.StartAsync();

        var alerts = await ClickHouseProbe.EventuallyAsync(async () => await ClickHouseProbe.GetJsonOrDefaultAsync(api, "/api/alerts"),
            a => LeadAlerts(a, leadId).Any(x => x.GetProperty("status").GetString() == "delivered"), TimeSpan.FromSeconds(120));
        var alert = Assert.Single(LeadAlerts(alerts, leadId));
        Assert.Equal("delivered", alert.GetProperty("status").GetString());
        var alertId = alert.GetProperty("id").GetGuid();

        // At least the held call and the one after the restart; a receiver deduplicating by key sees one alert.
        var calls = receiver.Received.Where(r => r.Body.Contains(leadId.ToString())).ToList();
        Assert.True(calls.Count >= 2, $"{calls.Count} calls");
        Assert.Single(calls.Select(c => c.IdempotencyKey).Distinct());
        Assert.Equal(alertId, calls.Select(c => JsonDocument.Parse(c.Body).RootElement.GetProperty("alertId").GetGuid()).Distinct().Single());

        await using (var connection = new NpgsqlConnection(cluster.Postgres))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM nurture_alerts WHERE lead_id = $1", connection) { Parameters = { new() { Value = leadId } } };
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        }

        var mail = await MailSink.WaitForAllAsync(repEmail, 1, TimeSpan.FromSeconds(60));
        Assert.StartsWith("Hot lead", mail[0].Subject);
        // The outbox is done with the rep's mail: one send, and no second copy on its way.
        Assert.Equal(1, await OutboxProbe.SettledAsync(cluster.Postgres, repEmail));
        Assert.Single(MailSink.To(repEmail));
    }

    private static List<JsonElement> LeadAlerts(JsonElement alerts, Guid leadId) =>
        alerts.ValueKind == JsonValueKind.Object
            ? [.. alerts.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("leadId").GetGuid() == leadId)]
            : [];
}
