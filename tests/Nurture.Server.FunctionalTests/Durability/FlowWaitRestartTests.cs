using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Durability;

/// <summary>
/// A flow run waits; the server is killed with SIGKILL during the wait and started again; the wait still
/// ends (the lead's reminder in PostgreSQL, due when the wait is and ticking each minute after, wakes it) and the step
/// after it runs exactly once.
/// </summary>
public sealed class FlowWaitRestartTests
{
    [Fact]
    public async Task KillDuringAWait_TheWaitStillEnds_AndTheNextStepRunsOnce()
    {
        await using var cluster = await ProcessCluster.CreateAsync();
        var spool = Path.Combine(Path.GetTempPath(), "nurture-wait-" + Guid.NewGuid().ToString("N"));
        var server = cluster.AddServer(spool);
        await server.StartAsync();
        var (_, siteKey) = await ProcessCluster.CreateSiteAsync(server);
        using (var api = server.Client(withApiKey: true))
        {
            (await api.PutAsJsonAsync("/api/templates/after-wait", new { subject = "After the wait", html = "<p>Later</p>" })).EnsureSuccessStatusCode();
            (await api.PutAsync("/api/flows/wait-restart", new StringContent("""
                { "name": "Wait across a restart", "trigger": { "event": { "type": "page_view", "path": "/pricing*" } }, "start": "pause",
                  "steps": [ { "id": "pause", "type": "wait", "duration": "5s", "next": "mail" },
                             { "id": "mail", "type": "send_email", "template": "after-wait", "next": "end" }, { "id": "end", "type": "end" } ] }
                """, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            (await api.PostAsync("/api/flows/wait-restart/activate", null)).EnsureSuccessStatusCode();
        }

        var visitor = "wait-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme.example";
        using var leads = server.Client(withApiKey: true);
        using (var client = server.Client())
        {
            Assert.Equal(202, (int)(await client.PostAsJsonAsync("/collect", new[] { new { siteKey, visitorId = visitor, type = "identify", email } })).StatusCode);
            // The lead knows its address before the page that starts the run (and its email step) arrives.
            await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(leads, $"/api/leads?email={Uri.EscapeDataString(email)}"),
                l => l.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(30));
            Assert.Equal(202, (int)(await client.PostAsJsonAsync("/collect", new[] { new { siteKey, visitorId = visitor, type = "page_view", url = "https://shop.example.com/pricing" } })).StatusCode);
        }
        // The run has entered the wait and the lead has written it (write-behind): the node's dispatcher has caught up.
        var waiting = await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(leads, $"/api/leads?email={Uri.EscapeDataString(email)}"),
            l => l.ValueKind == JsonValueKind.Object && l.GetProperty("flows").GetArrayLength() == 1, TimeSpan.FromSeconds(30));
        var waitUntil = waiting.GetProperty("flows")[0].GetProperty("waitUntil").GetDateTimeOffset();
        await ClusterNodes.CaughtUpAsync(server, consumers: "leads");
        server.Kill();
        Assert.True(DateTimeOffset.UtcNow < waitUntil, "the kill came after the wait ended; the test needs a longer wait");
        // The point of the test: the wait ends while the server is down.
        var down = waitUntil + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        if (down > TimeSpan.Zero) await Task.Delay(down);
        Assert.Empty(MailSink.To(email));
        await server.StartAsync();

        var received = await MailSink.WaitForAllAsync(email, 1, TimeSpan.FromSeconds(100));
        Assert.Equal("After the wait", received[0].Subject);
        Assert.Equal(1, await OutboxProbe.SettledAsync(cluster.Postgres, email));
        Assert.Single(MailSink.To(email));
    }
}
