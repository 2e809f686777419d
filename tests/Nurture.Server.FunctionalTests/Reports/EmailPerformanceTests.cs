using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Reports;

/// <summary>
/// The email performance report and the flow performance on real ClickHouse, each number checked against a
/// hand-built history; machines counted apart; duplicates once; hostile parameters answer 400 at their field.
/// </summary>
[Collection(SharedHost.Name)]
public sealed partial class EmailPerformanceTests(NurtureApp app)
{
    private static readonly DateTimeOffset Day = new(2025, 1, 10, 9, 0, 0, TimeSpan.Zero);
    private const string Period = "from=2025-01-10&to=2025-01-11";

    [Fact]
    public async Task Report_ThreeSends_CountsPeopleAndMachinesApart_AndDuplicatesOnce()
    {
        var template = "perf-" + Guid.NewGuid().ToString("N")[..8];
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (s1, s2, s3) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        var flowProps = new[] { ("flow_id", "perf-flow"), ("step_id", "mail"), ("variant", template) };
        await new ReportHistory(app.ClickHouse.Database)
            // Three sends; the first recorded twice (a retry after a crash): one send.
            .Email("email_sent", a, s1, template, Day, eventId: $"email_sent:{s1}", props: flowProps)
            .Email("email_sent", a, s1, template, Day, eventId: $"email_sent:{s1}", props: flowProps)
            .Email("email_sent", b, s2, template, Day.AddMinutes(1), props: flowProps)
            .Email("email_sent", c, s3, template, Day.AddMinutes(2), props: flowProps)
            // Two people open (the first open arrives twice), a privacy proxy opens the third at once.
            .Email("email_open", a, s1, template, Day.AddHours(1), eventId: "open-a-" + s1)
            .Email("email_open", a, s1, template, Day.AddHours(1), eventId: "open-a-" + s1)
            .Email("email_open", b, s2, template, Day.AddHours(2))
            .Email("email_open", c, s3, template, Day.AddMinutes(2), machine: true, props: ("machine", "proxy"))
            // A scanner follows the third's link on delivery; the first's reader clicks (the click arrives twice).
            .Email("email_click", c, s3, template, Day.AddMinutes(2), machine: true, url: "https://shop.example.com/pricing", props: ("machine", "scanner"))
            .Email("email_click", a, s1, template, Day.AddHours(1), eventId: "click-a-" + s1, url: "https://shop.example.com/pricing")
            .Email("email_click", a, s1, template, Day.AddHours(1), eventId: "click-a-" + s1, url: "https://shop.example.com/pricing")
            // The second's reader unsubscribes.
            .Email("email_unsubscribe", b, s2, template, Day.AddHours(3))
            .WriteAsync();

        var report = await app.Api().GetFromJsonAsync<JsonElement>($"/api/analysis/emails?{Period}");
        var row = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("template").GetString() == template);
        Assert.Equal(3, row.GetProperty("sent").GetInt64());
        Assert.Equal(3, row.GetProperty("delivered").GetInt64());
        Assert.Equal(2, row.GetProperty("opened").GetInt64());
        Assert.Equal(1, row.GetProperty("clicked").GetInt64());
        Assert.Equal(1, row.GetProperty("unsubscribed").GetInt64());
        Assert.Equal(1, row.GetProperty("proxyOpens").GetInt64());
        Assert.Equal(1, row.GetProperty("scannerClicks").GetInt64());
        Assert.Equal(2.0 / 3, row.GetProperty("openRate").GetDouble(), precision: 10);
        Assert.Equal(1.0 / 3, row.GetProperty("clickRate").GetDouble(), precision: 10);
        Assert.Equal(1.0 / 3, row.GetProperty("unsubscribeRate").GetDouble(), precision: 10);
        Assert.Equal(0, row.GetProperty("bounceRate").GetDouble());

        // The same sends per flow step and per variant.
        var byVariant = await app.Api().GetFromJsonAsync<JsonElement>($"/api/analysis/emails?{Period}&by=variant");
        var variant = byVariant.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("variant").GetString() == template);
        Assert.Equal("perf-flow", variant.GetProperty("flow").GetString());
        Assert.Equal("mail", variant.GetProperty("step").GetString());
        Assert.Equal(2, variant.GetProperty("opened").GetInt64());

        // Per link: one person's click (once), and the scanner's apart.
        await SaveTemplateAsync(template);
        var links = await app.Api().GetFromJsonAsync<JsonElement>($"/api/analysis/emails/links?{Period}&template={template}");
        var link = links.GetProperty("links").EnumerateArray().Single();
        Assert.Equal("https://shop.example.com/pricing", link.GetProperty("url").GetString());
        Assert.Equal(1, link.GetProperty("people").GetInt64());
        Assert.Equal(1, link.GetProperty("clicks").GetInt64());
        Assert.Equal(1, link.GetProperty("scannerClicks").GetInt64());

        // The chart: the day's sends and people, machines apart.
        var series = await app.Api().GetFromJsonAsync<JsonElement>($"/api/analysis/emails/series?{Period}&template={template}");
        var point = series.GetProperty("points").EnumerateArray().Single();
        Assert.Equal("2025-01-10", point.GetProperty("period").GetString());
        Assert.Equal(3, point.GetProperty("sent").GetInt64());
        Assert.Equal(2, point.GetProperty("opened").GetInt64());
        Assert.Equal(1, point.GetProperty("proxyOpens").GetInt64());

        // The table downloads as CSV and XLSX.
        var csv = await app.Api().GetStringAsync($"/api/analysis/emails?{Period}&format=csv");
        Assert.Contains($"{template},", csv);
        Assert.Contains("Machine opens (not counted)", csv);
        using var xlsx = await app.Api().GetAsync($"/api/analysis/emails/links?{Period}&template={template}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task FlowStats_PerStep_FromAHandBuiltFlowHistory()
    {
        var flow = "perf-" + Guid.NewGuid().ToString("N")[..8];
        await SaveTemplateAsync("perf-mail");
        using (var saved = await app.Api().PutAsync($"/api/flows/{flow}", new StringContent(FlowJson, System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var (a, b, c, d) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var h = new ReportHistory(app.ClickHouse.Database);
        // a waits; b reaches the goal two hours in; c completes; d leaves (exited) after the mail.
        foreach (var (lead, run) in new[] { (a, "ra"), (b, "rb"), (c, "rc"), (d, "rd") })
            h.Flow(lead, flow, run, 0, "#entered", Day).Flow(lead, flow, run, 1, "send", Day);
        h.Flow(a, flow, "ra", 1, "send", Day); // written twice: counted once
        h.Flow(a, flow, "ra", 2, "wait", Day);
        h.Flow(b, flow, "rb", 2, "wait", Day).Flow(b, flow, "rb", 3, "#goal", Day.AddHours(2));
        h.Flow(c, flow, "rc", 2, "wait", Day).Flow(c, flow, "rc", 3, "done", Day.AddDays(3)).Flow(c, flow, "rc", 4, "#completed", Day.AddDays(3));
        h.Flow(d, flow, "rd", 2, "#exited", Day);
        // Of the step's four sends, one was suppressed and one reader unsubscribed.
        var props = new[] { ("flow_id", flow), ("step_id", "send"), ("variant", "perf-mail") };
        var sends = new[] { Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N") };
        h.Email("email_suppressed", d, Guid.NewGuid().ToString("N"), "perf-mail", Day, props: [.. props, ("reason", "unsubscribed")]);
        for (var i = 0; i < 3; i++) h.Email("email_sent", new[] { a, b, c }[i], sends[i], "perf-mail", Day, props: props);
        h.Email("email_unsubscribe", c, sends[2], "perf-mail", Day.AddHours(5));
        await h.WriteAsync();

        var stats = await app.Api().GetFromJsonAsync<JsonElement>($"/api/flows/{flow}/stats");
        Assert.Equal(4, stats.GetProperty("entered").GetInt64());
        Assert.Equal(1, stats.GetProperty("waiting").GetInt64());
        Assert.Equal(1, stats.GetProperty("goalReached").GetInt64());
        Assert.Equal(1, stats.GetProperty("completed").GetInt64());
        Assert.Equal(1, stats.GetProperty("exited").GetInt64());
        Assert.Equal(1, stats.GetProperty("suppressed").GetInt64());
        Assert.Equal(1, stats.GetProperty("unsubscribed").GetInt64());
        Assert.Equal(7200, stats.GetProperty("medianSecondsToGoal").GetDouble());
        var steps = stats.GetProperty("performance").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Equal(4, steps["send"].GetProperty("entered").GetInt64());
        Assert.Equal(1, steps["send"].GetProperty("exited").GetInt64());
        Assert.Equal(1, steps["send"].GetProperty("suppressed").GetInt64());
        Assert.Equal(1, steps["send"].GetProperty("unsubscribed").GetInt64());
        Assert.Equal(3, steps["wait"].GetProperty("entered").GetInt64());
        Assert.Equal(1, steps["wait"].GetProperty("waiting").GetInt64());
        Assert.Equal(1, steps["wait"].GetProperty("goal").GetInt64());
        Assert.Equal(7200, steps["wait"].GetProperty("medianSecondsToGoal").GetDouble());
        Assert.Equal(1, steps["done"].GetProperty("completed").GetInt64());
        Assert.Equal(4, stats.GetProperty("steps").GetProperty("send").GetInt64());
        // The same table as a spreadsheet, the whole flow first.
        var csv = await (await app.Api().GetAsync($"/api/flows/{flow}/stats?format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("\uFEFFStep,Entered,Here now,Goal reached,Completed,Exited,Suppressed,Unsubscribed,Median seconds to goal", csv);
        Assert.Contains("(whole flow),4,1,1,1,1,1,1,7200", csv);
        Assert.Contains("wait,3,1,1,", csv);

        // A period keeps the runs that entered in it.
        var later = await app.Api().GetFromJsonAsync<JsonElement>($"/api/flows/{flow}/stats?from=2025-02-01&to=2025-03-01");
        Assert.Equal(0, later.GetProperty("entered").GetInt64());
    }

    [Fact]
    public async Task ARealSend_IsRecorded_AndAPrivacyProxyOpenCountsApart()
    {
        var template = "perf-" + Guid.NewGuid().ToString("N")[..8];
        await SaveTemplateAsync(template);
        var visitor = "perf-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme.example";
        await app.SendAsBrowserAsync(app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, type: "identify", url: null, extra: new { email }));
        var leadId = (await app.LeadByEmailAsync(email)).GetProperty("id").GetGuid();
        using var queued = await app.Api().PostAsJsonAsync($"/api/leads/{leadId}/emails", new { templateId = template });
        var sendId = (await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sendId").GetGuid();
        var html = (await MailSink.WaitForAsync(sendId)).HtmlBody ?? "";
        var open = new Uri(OpenPixel().Match(html).Groups[1].Value).PathAndQuery;
        // Apple's privacy proxy fetches with a bare "Mozilla/5.0"; then the reader opens in a browser.
        var proxy = app.CreateClient();
        proxy.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0");
        Assert.Equal(HttpStatusCode.OK, (await proxy.GetAsync(open)).StatusCode);
        var reader = app.CreateClient();
        reader.DefaultRequestHeaders.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(open)).StatusCode);

        var today = $"from={DateTimeOffset.UtcNow.AddDays(-1):yyyy-MM-dd}&to={DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-dd}";
        var row = await ClickHouseProbe.EventuallyAsync(
            async () => (await app.Api().GetFromJsonAsync<JsonElement>($"/api/analysis/emails?{today}")).GetProperty("rows").EnumerateArray()
                .FirstOrDefault(r => r.GetProperty("template").GetString() == template),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("proxyOpens").GetInt64() == 1 && r.GetProperty("opened").GetInt64() == 1);
        Assert.Equal(1, row.GetProperty("sent").GetInt64());
        var stored = await app.ClickHouse.QueryAsync(
            $"SELECT prop_values[indexOf(prop_keys, 'machine')] AS machine FROM events WHERE type = 'email_open' AND is_bot = 1 AND has(prop_values, '{sendId:N}')");
        Assert.Equal("proxy", Assert.Single(stored).GetProperty("machine").GetString());
    }

    [Fact]
    public async Task BouncesAndComplaints_NameTheirSends_AndASuppressedSendIsRecorded()
    {
        var template = "perf-" + Guid.NewGuid().ToString("N")[..8];
        await SaveTemplateAsync(template);
        var (bouncedLead, bouncedEmail) = await KnownLeadAsync();
        var (complainedLead, complainedEmail) = await KnownLeadAsync();
        var bounced = await SendAsync(bouncedLead, template);
        var complained = await SendAsync(complainedLead, template);
        await MailSink.WaitForAsync(bounced);
        await MailSink.WaitForAsync(complained);

        var notice = $"""
            From: MAILER-DAEMON@mx.example
            To: bounces@nurture.example
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example

            Final-Recipient: rfc822; {bouncedEmail}
            Action: failed
            Status: 5.1.1

            --b1
            Content-Type: text/rfc822-headers

            To: {bouncedEmail}
            Message-ID: <{bounced:N}@nurture>

            --b1--
            """;
        var complaint = $"""
            From: feedback@isp.example
            To: abuse@nurture.example
            Subject: Abuse report
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=feedback-report; boundary="f1"

            --f1
            Content-Type: message/feedback-report

            Feedback-Type: abuse
            Original-Rcpt-To: {complainedEmail}

            --f1
            Content-Type: text/rfc822-headers

            To: {complainedEmail}
            Message-ID: <{complained:N}@nurture>

            --f1--
            """;
        foreach (var raw in new[] { notice, complaint })
        {
            using var posted = await app.Api().PostAsync("/api/email/bounces", new StringContent(raw.ReplaceLineEndings("\r\n"), System.Text.Encoding.UTF8, "message/rfc822"));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            Assert.Equal(1, (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sends").GetInt32());
        }

        var today = $"from={DateTimeOffset.UtcNow.AddDays(-1):yyyy-MM-dd}&to={DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-dd}";
        var row = await ClickHouseProbe.EventuallyAsync(
            async () => (await app.Api().GetFromJsonAsync<JsonElement>($"/api/analysis/emails?{today}")).GetProperty("rows").EnumerateArray()
                .FirstOrDefault(r => r.GetProperty("template").GetString() == template),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("hardBounced").GetInt64() == 1 && r.GetProperty("complained").GetInt64() == 1);
        Assert.Equal(2, row.GetProperty("sent").GetInt64());
        Assert.Equal(1, row.GetProperty("delivered").GetInt64());
        Assert.Equal(0.5, row.GetProperty("bounceRate").GetDouble());
        Assert.Equal(1.0, row.GetProperty("complaintRate").GetDouble());

        // The bounced address is suppressed now: the next send to it is held back, and recorded so.
        var held = await SendAsync(bouncedLead, template);
        var suppressed = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.QueryAsync($"SELECT prop_values[indexOf(prop_keys, 'reason')] AS reason FROM events WHERE type = 'email_suppressed' AND has(prop_values, '{held:N}')"),
            rows => rows.Count == 1);
        Assert.Equal("bounced", suppressed[0].GetProperty("reason").GetString());
    }

    private async Task<(Guid LeadId, string Email)> KnownLeadAsync()
    {
        var visitor = "perf-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme.example";
        await app.SendAsBrowserAsync(app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, type: "identify", url: null, extra: new { email }));
        return ((await app.LeadByEmailAsync(email)).GetProperty("id").GetGuid(), email);
    }

    private async Task<Guid> SendAsync(Guid leadId, string template)
    {
        using var response = await app.Api().PostAsJsonAsync($"/api/leads/{leadId}/emails", new { templateId = template });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sendId").GetGuid();
    }

    [Theory]
    [InlineData("/api/analysis/emails?from=yesterday", "from")]
    [InlineData("/api/analysis/emails?from=2020-01-01&to=2026-01-01", "from")]
    [InlineData("/api/analysis/emails?to=99999-01-01", "to")]
    [InlineData("/api/analysis/emails?from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("/api/analysis/emails?by=weather", "by")]
    [InlineData("/api/analysis/emails?by=1", "by")]
    [InlineData("/api/analysis/emails?format=pdf", "format")]
    [InlineData("/api/analysis/emails/series?interval=fortnight", "interval")]
    [InlineData("/api/analysis/emails/series?template=no-such-template", "template")]
    [InlineData("/api/analysis/emails/links?template=%27%3B%20DROP%20TABLE%20events%3B--", "template")]
    [InlineData("/api/analysis/emails/links?template=a&template=b", "template")]
    [InlineData("/api/analysis/emails/links?template=", "template")]
    [InlineData("/api/analysis/emails/links?variant=%00%0A%E2%80%AE", "variant")]
    [InlineData("/api/analysis/emails/links?flow=no-such-flow", "flow")]
    [InlineData("/api/analysis/emails/links?step=mail", "step")]
    [InlineData("/api/analysis/emails/links?format=exe", "format")]
    [InlineData("/api/flows/any/stats?from=notadate", "from")]
    [InlineData("/api/flows/any/stats?from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("/api/flows/any/stats?to=0001-01-01", "to")]
    [InlineData("/api/flows/any/stats?format=docx", "format")]
    public async Task HostileParameters_Answer400_AtTheirField(string path, string field)
    {
        using var response = await app.Api().GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    private async Task SaveTemplateAsync(string id)
    {
        using var response = await app.Api().PutAsJsonAsync($"/api/templates/{id}", new
        {
            name = "Performance " + id,
            subject = "Hello",
            html = "<p>Hello</p><p><a href=\"https://shop.example.com/pricing\">Pricing</a></p>",
        });
        Assert.Equal(200, (int)response.StatusCode);
    }

    private const string FlowJson = """
        {
          "name": "Performance flow",
          "trigger": { "stage": "mql" },
          "reentry": "never",
          "goal": { "stage": ["hot"] },
          "start": "send",
          "steps": [
            { "id": "send", "type": "send_email", "template": "perf-mail", "next": "wait" },
            { "id": "wait", "type": "wait_for_event", "event": { "type": "page_view", "path": "/demo*" }, "timeout": "P3D", "next": "done", "timeoutNext": "done" },
            { "id": "done", "type": "end" }
          ]
        }
        """;

    [GeneratedRegex("src=\"([^\"]*/e/o/[^\"]*)\"")]
    private static partial Regex OpenPixel();
}
