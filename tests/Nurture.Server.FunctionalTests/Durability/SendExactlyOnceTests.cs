using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Durability;

/// <summary>
/// A flow decides to send; the server is killed with SIGKILL at some point between that decision and
/// the SMTP hand-off; after a restart the lead gets the email: never skipped, and never a second send.
/// What SMTP itself cannot promise: when the kill lands in the round trip between the SMTP server
/// storing the message and the outbox recording that it did, nobody can know it arrived, so the same
/// send goes again with the same Message-ID (mail apps fold such copies into one). The test allows that
/// one copy of the same message and nothing else.
/// </summary>
public sealed class SendExactlyOnceTests
{
    [Fact]
    public async Task KillBetweenDecisionAndSend_StillSendsExactlyOnce()
    {
        await using var cluster = await ProcessCluster.CreateAsync();
        var spool = Path.Combine(Path.GetTempPath(), "nurture-send-" + Guid.NewGuid().ToString("N"));
        var server = cluster.AddServer(spool);
        await server.StartAsync();
        var (_, siteKey) = await ProcessCluster.CreateSiteAsync(server);
        using (var api = server.Client(withApiKey: true))
        {
            (await api.PutAsJsonAsync("/api/templates/once", new { subject = "Once", html = "<p>Only once</p>" })).EnsureSuccessStatusCode();
            (await api.PutAsync("/api/flows/once", new StringContent("""
                { "name": "Once", "trigger": { "event": { "type": "page_view", "path": "/pricing*" } }, "start": "mail",
                  "steps": [ { "id": "mail", "type": "send_email", "template": "once", "next": "end" }, { "id": "end", "type": "end" } ] }
                """, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            (await api.PostAsync("/api/flows/once/activate", null)).EnsureSuccessStatusCode();
        }

        // Kill at different moments after the triggering event was acknowledged: before the lead saw it,
        // while the flow decided, after the outbox row, around the SMTP hand-off.
        var emails = new List<string>();
        foreach (var delay in new[] { 0, 150, 400, 900 })
        {
            var visitor = "once-" + Guid.NewGuid().ToString("N");
            var email = $"{visitor}@acme.example";
            emails.Add(email);
            using (var client = server.Client())
            {
                var identify = await client.PostAsJsonAsync("/collect", new[] { new { siteKey, visitorId = visitor, type = "identify", email } });
                Assert.Equal(202, (int)identify.StatusCode);
                // The lead knows its address before the pricing page, from whose acknowledgement the kill is timed.
                await KnownAsync(server, email);
                var pricing = await client.PostAsJsonAsync("/collect", new[] { new { siteKey, visitorId = visitor, type = "page_view", url = "https://shop.example.com/pricing" } });
                Assert.Equal(202, (int)pricing.StatusCode);
            }
            await Task.Delay(delay); // the point of the test: SIGKILL this long after the acknowledgement
            server.Kill();
            await server.StartAsync();
        }

        var copies = 0;
        foreach (var email in emails)
        {
            await ClickHouseProbe.EventuallyAsync(() => Task.FromResult(MailSink.To(email)), m => m.Count >= 1, TimeSpan.FromSeconds(30));
            // The outbox is done with the lead's send: any second copy is in the sink by now.
            await OutboxProbe.SettledAsync(cluster.Postgres, email);
            var received = MailSink.To(email);
            Assert.NotEmpty(received);
            // One send: every copy is the same message.
            Assert.Single(received.Select(m => m.MessageId).Distinct());
            Assert.InRange(received.Count, 1, 2);
            copies += received.Count - 1;
        }
        // At most one of the four kills can land in that round trip of a few milliseconds.
        Assert.InRange(copies, 0, 1);
        await using var database = new NpgsqlConnection(cluster.Postgres);
        await database.OpenAsync();
        await using var sends = new NpgsqlCommand("SELECT count(*) FROM nurture_email_sends WHERE template_id = 'once' AND status = 'sent'", database);
        Assert.Equal(emails.Count, Convert.ToInt32(await sends.ExecuteScalarAsync()));
    }

    private static async Task KnownAsync(ServerProcess server, string email)
    {
        using var api = server.Client(withApiKey: true);
        var lead = await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(api, $"/api/leads?email={Uri.EscapeDataString(email)}"),
            l => l.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(30));
        Assert.True(lead.ValueKind == JsonValueKind.Object, $"no lead knows {email}");
    }
}
