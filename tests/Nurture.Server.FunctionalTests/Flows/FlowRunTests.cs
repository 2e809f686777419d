using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nurture.Flows;
using Nurture.Server.Flows;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Email.Outbox;

namespace Nurture.Server.FunctionalTests.Flows;

[Collection(SharedHost.Name)]
public sealed partial class FlowRunTests(NurtureApp app)
{
    [Fact]
    public async Task EventTrigger_SendsEmail_Waits_BranchesOnTheOpen_AndCountsEveryStep()
    {
        await SaveTemplateAsync("pricing-nudge", "Still thinking about {{ lead.top_interest }}?");
        // A pricing page of this test's own: the host is shared, and other classes' leads read /pricing too.
        var page = "/pricing/nudge-" + Guid.NewGuid().ToString("N")[..8];
        await SaveFlowAsync("pricing-nudge", $$"""
            {
              "name": "Pricing nudge",
              "trigger": { "event": { "type": "page_view", "path": "{{page}}*" } },
              "start": "mail",
              "steps": [
                { "id": "mail", "type": "send_email", "template": "pricing-nudge", "next": "pause" },
                { "id": "pause", "type": "wait", "duration": "3s", "next": "opened" },
                { "id": "opened", "type": "branch", "condition": { "openedLastEmail": true }, "then": "warm", "else": "done" },
                { "id": "warm", "type": "set_trait", "trait": "nurture", "value": "warm", "next": "done" },
                { "id": "done", "type": "end" }
              ]
            }
            """);

        var (leadId, email) = await KnownLeadAsync();
        await app.SendAsBrowserAsync(app.Event(VisitorOf(email), url: "https://shop.example.com" + page));
        var message = await WaitForMailToAsync(email);
        Assert.Equal("Still thinking about pricing?", message.Subject);

        // The reader opens it during the wait: the branch goes to "warm".
        var open = OpenPixel().Match(message.HtmlBody ?? "").Groups[1].Value;
        // From a mail app: an open with no user agent at all is a machine's (a prefetch), and counts apart.
        var reader = app.CreateClient();
        reader.DefaultRequestHeaders.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);
        Assert.Equal(200, (int)(await reader.GetAsync(new Uri(open).PathAndQuery)).StatusCode);

        var lead = await app.LeadByEmailAsync(email, l => l.GetProperty("traits").TryGetProperty("nurture", out _));
        Assert.Equal("warm", lead.GetProperty("traits").GetProperty("nurture").GetProperty("value").GetString());

        // Entering again is not allowed by default (re-entry "never").
        await app.SendAsBrowserAsync(app.Event(VisitorOf(email), url: "https://shop.example.com" + page + "/team"));
        var stats = await ClickHouseProbe.EventuallyAsync(
            async () => await app.Api().GetFromJsonAsync<JsonElement>("/api/flows/pricing-nudge/stats"),
            s => s.GetProperty("completed").GetInt64() == 1);
        Assert.Equal(1, stats.GetProperty("entered").GetInt64());
        Assert.Equal(1, stats.GetProperty("steps").GetProperty("warm").GetInt64());
        Assert.Equal(1, stats.GetProperty("steps").GetProperty("mail").GetInt64());
        Assert.Single(MailSink.To(email));
        _ = leadId;
    }

    [Fact]
    public async Task WaitForEvent_TakesTheEventPathOrTheTimeoutPath_AndAGoalEndsTheRun()
    {
        await SaveFlowAsync("trial", """
            {
              "name": "Trial activation",
              "trigger": { "event": { "type": "custom", "name": "trial_started" } },
              "goal": { "event": { "type": "form_submit" } },
              "start": "watch",
              "steps": [
                { "id": "watch", "type": "wait_for_event", "event": { "type": "custom", "name": "activated" }, "timeout": "3s", "next": "active", "timeoutNext": "idle" },
                { "id": "active", "type": "set_trait", "trait": "trial", "value": "active", "next": "hold" },
                { "id": "idle", "type": "set_trait", "trait": "trial", "value": "idle", "next": "hold" },
                { "id": "hold", "type": "wait", "duration": "1d", "next": "end" },
                { "id": "end", "type": "end" }
              ]
            }
            """);
        var (_, activeEmail) = await KnownLeadAsync();
        var (_, idleEmail) = await KnownLeadAsync();
        await app.SendAsBrowserAsync(app.Event(VisitorOf(activeEmail), type: "custom", url: null, extra: new { name = "trial_started" }));
        await app.SendAsBrowserAsync(app.Event(VisitorOf(idleEmail), type: "custom", url: null, extra: new { name = "trial_started" }));
        await app.SendAsBrowserAsync(app.Event(VisitorOf(activeEmail), type: "custom", url: null, extra: new { name = "activated" }));

        var active = await app.LeadByEmailAsync(activeEmail, l => l.GetProperty("traits").TryGetProperty("trial", out _));
        Assert.Equal("active", active.GetProperty("traits").GetProperty("trial").GetProperty("value").GetString());
        var idle = await app.LeadByEmailAsync(idleEmail, l => l.GetProperty("traits").TryGetProperty("trial", out _));
        Assert.Equal("idle", idle.GetProperty("traits").GetProperty("trial").GetProperty("value").GetString());

        // Both now wait a day; a form submit reaches the goal and ends the run at once.
        await app.SendAsBrowserAsync(app.Event(VisitorOf(activeEmail), type: "form_submit", url: "https://shop.example.com/contact"));
        var stats = await ClickHouseProbe.EventuallyAsync(
            async () => await app.Api().GetFromJsonAsync<JsonElement>("/api/flows/trial/stats"),
            s => s.GetProperty("goalReached").GetInt64() == 1);
        Assert.Equal(2, stats.GetProperty("entered").GetInt64());
        Assert.Equal(1, stats.GetProperty("steps").GetProperty("active").GetInt64());
        Assert.Equal(1, stats.GetProperty("steps").GetProperty("idle").GetInt64());
    }

    [Fact]
    public async Task ManualEnrolment_ByApi_RespectsReentry()
    {
        await SaveFlowAsync("manual", """
            { "name": "Manual", "trigger": { "manual": true }, "reentry": { "after": "30d" }, "start": "tag",
              "steps": [ { "id": "tag", "type": "set_trait", "trait": "manual", "value": "yes", "next": "end" }, { "id": "end", "type": "end" } ] }
            """);
        var (leadId, email) = await KnownLeadAsync();
        using (var first = await app.Api().PostAsJsonAsync("/api/flows/manual/enrolments", new { leadId, key = "k1" }))
            Assert.Equal(201, (int)first.StatusCode);
        using (var again = await app.Api().PostAsJsonAsync("/api/flows/manual/enrolments", new { leadId, key = "k2" }))
            Assert.Equal(409, (int)again.StatusCode);
        Assert.Equal(400, (int)(await app.Api().PostAsJsonAsync("/api/flows/manual/enrolments", new { leadId = "nope" })).StatusCode);
        Assert.Equal(404, (int)(await app.Api().PostAsJsonAsync("/api/flows/missing/enrolments", new { leadId })).StatusCode);
        var lead = await app.LeadByEmailAsync(email, l => l.GetProperty("traits").TryGetProperty("manual", out _));
        Assert.Equal("flow", lead.GetProperty("traits").GetProperty("manual").GetProperty("source").GetString());
    }

    [Fact]
    public async Task APauseHoldsTheRuns_AndStartingTheFlowAgainMovesThemOn_WithoutAnotherEvent()
    {
        await SaveFlowAsync("held", """
            { "name": "Held", "trigger": { "event": { "type": "custom", "name": "held_start" } }, "start": "hold",
              "steps": [ { "id": "hold", "type": "wait", "duration": "4s", "next": "tag" },
                         { "id": "tag", "type": "set_trait", "trait": "held", "value": "released", "next": "end" },
                         { "id": "end", "type": "end" } ] }
            """);
        var (quietId, quiet) = await KnownLeadAsync();
        var (busyId, busy) = await KnownLeadAsync();
        foreach (var email in new[] { quiet, busy })
            await app.SendAsBrowserAsync(app.Event(VisitorOf(email), type: "custom", url: null, extra: new { name = "held_start" }));
        var waitsEnd = new List<DateTimeOffset>();
        foreach (var email in new[] { quiet, busy })
        {
            var entered = await app.LeadByEmailAsync(email, l => l.GetProperty("flows").GetArrayLength() == 1);
            var run = entered.GetProperty("flows")[0];
            Assert.Equal("hold", run.GetProperty("step").GetString());
            Assert.Equal("Held", run.GetProperty("flowName").GetString());
            waitsEnd.Add(run.GetProperty("waitUntil").GetDateTimeOffset());
        }
        using (var paused = await app.Api().PostAsync("/api/flows/held/pause", null))
            Assert.Equal(200, (int)paused.StatusCode);
        Assert.True(DateTimeOffset.UtcNow < waitsEnd.Min(), "the pause came after the waits ended; the test needs a longer wait");

        // Both waits end during the pause: each lead's timer fires, finds the flow paused, and drops the wait's
        // reminder; its row leaving PostgreSQL shows the lead has looked. Then one lead keeps browsing.
        await FlowReminders.GoneAsync(app.PostgresConnection, quietId, waitsEnd[0]);
        await FlowReminders.GoneAsync(app.PostgresConnection, busyId, waitsEnd[1]);
        await app.SendAsBrowserAsync(app.Event(VisitorOf(busy), url: "https://shop.example.com/docs"));
        await app.LeadByEmailAsync(busy, l => l.GetProperty("counters").GetProperty("pageViews").GetInt64() == 1);
        foreach (var email in new[] { quiet, busy })
        {
            var held = await app.LeadByEmailAsync(email);
            Assert.False(held.GetProperty("traits").TryGetProperty("held", out _));
            Assert.Equal("hold", held.GetProperty("flows")[0].GetProperty("step").GetString());
        }

        // Started again: both runs move on, with no event from either lead.
        using (var resumed = await app.Api().PostAsync("/api/flows/held/activate", null))
            Assert.Equal(200, (int)resumed.StatusCode);
        foreach (var email in new[] { quiet, busy })
        {
            var released = await app.LeadByEmailAsync(email, l => l.GetProperty("traits").TryGetProperty("held", out _));
            Assert.Equal("released", released.GetProperty("traits").GetProperty("held").GetProperty("value").GetString());
            var run = released.GetProperty("flows")[0];
            Assert.Equal("completed", run.GetProperty("status").GetString());
            Assert.Equal(["hold", "tag", "end", "#completed"], run.GetProperty("path").EnumerateArray().Select(v => v.GetProperty("stepId").GetString()));
        }
        var stats = await ClickHouseProbe.EventuallyAsync(
            async () => await app.Api().GetFromJsonAsync<JsonElement>("/api/flows/held/stats"),
            s => s.GetProperty("completed").GetInt64() == 2);
        Assert.Equal(2, stats.GetProperty("entered").GetInt64());
    }

    [Fact]
    public async Task ANodeThatHasNotSeenTheResumeYet_ReadsTheFlowsAgainBeforeItSaysTheFlowIsStopped()
    {
        const string flow = """
            { "name": "Seen late", "trigger": { "event": { "type": "custom", "name": "never" } }, "start": "end",
              "steps": [ { "id": "end", "type": "end" } ] }
            """;
        await SaveFlowAsync("seen-late", flow);
        await SaveFlowAsync("still-paused", flow);
        using (var paused = await app.Api().PostAsync("/api/flows/still-paused/pause", null))
            Assert.Equal(200, (int)paused.StatusCode);

        // A node's copy that has not refreshed since before both were saved: it knows neither.
        var stale = new PostgresFlowCatalog(app.Services.GetRequiredService<FlowStore>(), NullLogger<PostgresFlowCatalog>.Instance);
        Assert.False(stale.IsRunning("seen-late"));

        Assert.True(await stale.ConfirmRunningAsync("seen-late", CancellationToken.None));
        Assert.True(stale.IsRunning("seen-late"));
        Assert.False(await stale.ConfirmRunningAsync("still-paused", CancellationToken.None));
        Assert.False(await stale.ConfirmRunningAsync("never-saved", CancellationToken.None));
    }

    [Fact]
    public async Task APausedFlowsQueuedMail_WaitsForTheFlow_AndGoesOutOnceTheFlowStartsAgain()
    {
        await SaveTemplateAsync("held-mail", "Held mail");
        await SaveFlowAsync("held-mail", """
            { "name": "Held mail", "trigger": { "event": { "type": "custom", "name": "never" } }, "start": "mail",
              "steps": [ { "id": "mail", "type": "send_email", "template": "held-mail", "next": "end" }, { "id": "end", "type": "end" } ] }
            """);
        using (var paused = await app.Api().PostAsync("/api/flows/held-mail/pause", null))
            Assert.Equal(200, (int)paused.StatusCode);

        // What the flow queued just before the pause, still in the outbox when the pause came.
        var (leadId, email) = await KnownLeadAsync();
        var outbox = app.Services.GetRequiredService<EmailOutbox>();
        var sendId = Guid.NewGuid();
        Assert.True(await outbox.EnqueueAsync(new QueuedEmail(sendId, leadId, email, "held-mail", "Held mail", "<p>Hello</p>", "Hello", [], null, null,
            FlowEmailOrigin.For("held-mail", "mail")), CancellationToken.None));

        var held = await ClickHouseProbe.EventuallyAsync(() => outbox.GetAsync(sendId, CancellationToken.None), e => e?.LastError == EmailOutbox.HeldWhileFlowPaused);
        // Held by the sender, which has looked at it: requeued for later, not sent.
        Assert.Equal(EmailOutbox.Queued, held!.Status);
        Assert.Empty(MailSink.To(email));

        using (var resumed = await app.Api().PostAsync("/api/flows/held-mail/activate", null))
            Assert.Equal(200, (int)resumed.StatusCode);
        // Within 20 s: released by the start, not left to the one-minute recheck.
        var message = await MailSink.WaitForAsync(sendId, TimeSpan.FromSeconds(20));
        Assert.Equal("Held mail", message.Subject);
        Assert.Equal(EmailOutbox.Sent, (await outbox.GetAsync(sendId, CancellationToken.None))!.Status);
        Assert.Single(MailSink.To(email));
    }

    private static string VisitorOf(string email) => email.Split('@')[0];

    private async Task<(Guid LeadId, string Email)> KnownLeadAsync()
    {
        var visitor = "flow-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme.example";
        await app.SendAsBrowserAsync(app.Event(visitor, type: "identify", url: null, extra: new { email }));
        var lead = await app.LeadByEmailAsync(email);
        return (lead.GetProperty("id").GetGuid(), email);
    }

    private async Task SaveTemplateAsync(string id, string subject)
    {
        using var response = await app.Api().PutAsJsonAsync($"/api/templates/{id}", new { subject, html = "<html><body><p>Hello</p></body></html>" });
        Assert.Equal(200, (int)response.StatusCode);
    }

    private async Task SaveFlowAsync(string id, string definition)
    {
        using (var saved = await app.Api().PutAsync($"/api/flows/{id}", new StringContent(definition, Encoding.UTF8, "application/json")))
            Assert.Equal(200, (int)saved.StatusCode);
        using var activated = await app.Api().PostAsync($"/api/flows/{id}/activate", null);
        Assert.Equal(200, (int)activated.StatusCode);
    }

    private static async Task<MimeKit.MimeMessage> WaitForMailToAsync(string email)
    {
        var messages = await ClickHouseProbe.EventuallyAsync(() => Task.FromResult(MailSink.To(email)), m => m.Count > 0);
        return messages[0];
    }

    [GeneratedRegex("src=\"([^\"]*/e/o/[^\"]*)\"")]
    private static partial Regex OpenPixel();
}
