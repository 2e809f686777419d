using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

public sealed class HotLeadAlertTests(HandoffApp app) : IClassFixture<HandoffApp>
{
    [Fact]
    public async Task HotLead_SendsSignedWebhookWithReasonsWithinSeconds_EmailsTheRep_AndFeedbackFlows()
    {
        var api = app.Api();
        using var repHook = new WebhookReceiver();
        using var slack = new WebhookReceiver();
        var repEmail = $"rep-{Guid.NewGuid():N}@sales.example";
        (await api.PostAsJsonAsync("/api/reps", new
        {
            id = "ann", name = "Ann Rep", email = repEmail, capacity = 10, webhookUrl = repHook.Url + "rep", slackWebhookUrl = slack.Url + "slack",
        })).EnsureSuccessStatusCode();

        // Fit 35 (corporate email + CTO); 3 pricing (30) + 2 demo (30) = 60 first, then 2 form submits (40) tip it over 80.
        var visitor = "hot-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme-corp.example";
        await app.SendAsBrowserAsync(
            app.Event(visitor, url: "https://shop.example.com/?utm_source=news&utm_medium=email"),
            app.Event(visitor, type: "identify", url: null, extra: new { email, traits = new { name = "Hot Prospect", jobTitle = "CTO" } }),
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, url: "https://shop.example.com/demo"),
            app.Event(visitor, url: "https://shop.example.com/demo"));
        var leadId = (await app.LeadByEmailAsync(email)).GetProperty("id").GetGuid();
        await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/score"),
            s => s.GetProperty("score").GetProperty("engagement").GetDouble() >= 60);
        Assert.DoesNotContain(app.Workspace.Received, r => r.Body.Contains(leadId.ToString()));

        await app.SendAsBrowserAsync(
            app.Event(visitor, type: "form_submit", url: "https://shop.example.com/contact"),
            app.Event(visitor, type: "form_submit", url: "https://shop.example.com/contact"));
        var accepted = Stopwatch.GetTimestamp();
        var hook = (await app.Workspace.WaitForAsync(r => r.Body.Contains(leadId.ToString()))).Single();
        var latency = Stopwatch.GetElapsedTime(accepted, hook.ArrivedAt);
        Console.WriteLine($"event 202 -> webhook arrival: {latency.TotalMilliseconds:F0} ms");
        Assert.True(latency < TimeSpan.FromSeconds(5), $"the alert took {latency}");

        // The customer's check: right secret, fresh timestamp, untouched body.
        var secret = (await api.GetFromJsonAsync<JsonElement>("/api/handoff/webhook-secret")).GetProperty("secret").GetString()!;
        var now = DateTimeOffset.UtcNow;
        Assert.True(SignatureVerifier.Verify(secret, hook.Signature, hook.Body, now));
        Assert.False(SignatureVerifier.Verify(secret, hook.Signature, hook.Body, now.AddMinutes(6)), "a replay of an old delivery must be refused");
        Assert.False(SignatureVerifier.Verify(secret, hook.Signature, hook.Body.Replace("hot", "cold"), now));
        Assert.False(SignatureVerifier.Verify("wrong", hook.Signature, hook.Body, now));
        Assert.False(string.IsNullOrEmpty(hook.IdempotencyKey));

        // The alert says why.
        var body = JsonDocument.Parse(hook.Body).RootElement;
        Assert.Equal("lead.hot", body.GetProperty("type").GetString());
        Assert.EndsWith($"/console/#/leads/{leadId}", body.GetProperty("lead").GetProperty("url").GetString());
        Assert.EndsWith($"/api/leads/{leadId}", body.GetProperty("lead").GetProperty("apiUrl").GetString());
        var score = body.GetProperty("score");
        Assert.True(score.GetProperty("engagement").GetDouble() >= 80);
        Assert.Equal(35, score.GetProperty("fit").GetDouble());
        Assert.Equal("hot", score.GetProperty("stage").GetString());
        Assert.Equal("product", score.GetProperty("topInterests")[0].GetProperty("category").GetString());
        var rules = score.GetProperty("contributions").EnumerateArray().Select(c => c.GetProperty("rule").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "pricing-page", "demo-page", "form-submit" }, rules);
        Assert.Equal("email", body.GetProperty("source").GetProperty("firstTouch").GetProperty("source").GetProperty("channel").GetString());
        Assert.True(body.GetProperty("recentEvents").GetArrayLength() is >= 8 and <= 10);
        Assert.Equal("ann", body.GetProperty("assignment").GetProperty("rep").GetProperty("id").GetString());
        Assert.Equal("round-robin", body.GetProperty("assignment").GetProperty("reason").GetString());

        // The rep's own webhook, Slack and email.
        Assert.Single(await repHook.WaitForAsync(r => r.Body.Contains(leadId.ToString())));
        var slackCall = (await slack.WaitForAsync(_ => true)).Single();
        Assert.Contains("Hot Prospect", JsonDocument.Parse(slackCall.Body).RootElement.GetProperty("text").GetString());
        var mail = await ClickHouseProbe.EventuallyAsync(() => Task.FromResult(MailSink.To(repEmail)), m => m.Count > 0, TimeSpan.FromSeconds(20));
        Assert.Contains("Hot lead", mail.Single().Subject);
        Assert.Contains($"/console/#/leads/{leadId}", mail.Single().TextBody);

        // The rep owns the lead now, and its history says the hand-off made it so.
        var history = await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/history"),
            h => h.GetProperty("changes").EnumerateArray().Any(c => c.GetProperty("field").GetString() == "owner"));
        Assert.Contains(history.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "owner"
            && c.GetProperty("newValue").GetString() == "ann" && c.GetProperty("actor").GetString() == "handoff");

        // One hot entry, one alert, whatever else arrives.
        await app.SendAsBrowserAsync(app.Event(visitor, url: "https://shop.example.com/pricing/enterprise"));
        await app.CaughtUpAsync();
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM nurture_alerts WHERE lead_id = $1", leadId));
        Assert.Single(app.Workspace.Received, r => r.Body.Contains(leadId.ToString()));

        // Sales: the inbox lists it; feedback is validated and won becomes a training label.
        var inbox = await api.GetFromJsonAsync<JsonElement>("/api/sales/inbox?rep=ann");
        Assert.Contains(inbox.GetProperty("leads").EnumerateArray(), l => l.GetProperty("leadId").GetGuid() == leadId);
        using (var noReason = await api.PostAsJsonAsync($"/api/leads/{leadId}/feedback", new { outcome = "rejected" }))
        {
            Assert.Equal(400, (int)noReason.StatusCode);
            Assert.Equal("$.reason", (await ProblemBody.ReadAsync(noReason)).Key);
        }
        (await api.PostAsJsonAsync($"/api/leads/{leadId}/feedback", new { outcome = "accepted", rep = "ann" })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"/api/leads/{leadId}/feedback", new { outcome = "won", rep = "ann", dealValue = 1200000, closedOn = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) })).EnsureSuccessStatusCode();
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM nurture_outcomes WHERE lead_id = $1 AND converted", leadId));
        inbox = await api.GetFromJsonAsync<JsonElement>("/api/sales/inbox?rep=ann");
        Assert.DoesNotContain(inbox.GetProperty("leads").EnumerateArray(), l => l.GetProperty("leadId").GetGuid() == leadId);

        (await api.PostAsJsonAsync($"/api/leads/{leadId}/feedback", new { outcome = "rejected", reason = "bad_timing" })).EnsureSuccessStatusCode();
        var report = await api.GetFromJsonAsync<JsonElement>("/api/sales/feedback/report");
        Assert.Contains(report.GetProperty("rejections").EnumerateArray(), r =>
            r.GetProperty("firstTouchChannel").GetString() == "email" && r.GetProperty("reason").GetString() == "bad_timing" && r.GetProperty("count").GetInt32() == 1);
        // Per scoring rule: the rules that made this lead hot carry its verdicts.
        var pricing = report.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "pricing-page");
        Assert.Equal((1, 1, 1), (pricing.GetProperty("accepted").GetInt32(), pricing.GetProperty("won").GetInt32(), pricing.GetProperty("rejected").GetInt32()));
        Assert.Equal(1, pricing.GetProperty("rejectReasons").GetProperty("bad_timing").GetInt32());
        // The verdict is on the lead, and a rejected lead has no owner any more.
        var lead = await api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}");
        Assert.Equal("rejected", lead.GetProperty("traits").GetProperty("sales_outcome").GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, lead.GetProperty("owner").ValueKind);
    }

    [Fact]
    public async Task CoolDown_OneAlertPerLeadPerPeriod_AndAReplayInsertsNothing()
    {
        var leadId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        var first = await app.EnterHotAsync(leadId, "e1", at);
        await app.EnterHotAsync(leadId, "e1", at); // the dispatcher replaying the same batch
        await app.EnterHotAsync(leadId, "e2", at.AddHours(3)); // cooled and heated again, within the day
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM nurture_alerts WHERE lead_id = $1", leadId));

        await app.EnterHotAsync(leadId, "e3", at.AddDays(1).AddMinutes(1)); // after the cool-down
        Assert.Equal(2, await app.CountAsync("SELECT count(*) FROM nurture_alerts WHERE lead_id = $1", leadId));
        // An entry that reaches the alerter late (through another node) but happened within the cool-down of one that alerted.
        await app.EnterHotAsync(leadId, "e4", at.AddDays(1).AddSeconds(30)); // past e1's cool-down, within e3's
        Assert.Equal(2, await app.CountAsync("SELECT count(*) FROM nurture_alerts WHERE lead_id = $1", leadId));
        Assert.Equal(1, await app.CountAsync("SELECT count(*) FROM nurture_alerts WHERE id = $1", first));
        await app.Workspace.WaitForAsync(r => r.Body.Contains(leadId.ToString()), count: 2);
    }

    [Fact]
    public async Task AnAlertRecordedButNeverSignalled_IsDeliveredByThePoll_AsAfterARestart()
    {
        var leadId = Guid.NewGuid();
        // The row as a crash would leave it: recorded before the checkpoint moved, the in-process wake-up lost.
        Assert.Equal(1, await app.CountAsync(
            "WITH i AS (INSERT INTO nurture_alerts (id, lead_id, event_id, triggered_at) VALUES (gen_random_uuid(), $1, 'lost', now()) RETURNING 1) SELECT count(*) FROM i", leadId));
        Assert.Single(await app.Workspace.WaitForAsync(r => r.Body.Contains(leadId.ToString())));
    }
}
