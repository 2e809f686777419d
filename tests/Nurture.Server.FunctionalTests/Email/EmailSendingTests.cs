using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using Nurture.Abstractions.Leads;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Email;

[Collection(SharedHost.Name)]
public sealed partial class EmailSendingTests(NurtureApp app)
{
    private const string Html = """
        <html><body><p>Hi {{ lead.traits.firstName | default: "there" }},</p>
        <p>You looked at {{ lead.top_interest }}. <a href="https://shop.example.com/pricing?plan=pro">See plans</a>
        and <a href="mailto:sales@example.com">write to us</a>.</p>
        <p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>
        """;

    [Fact]
    public async Task Template_WithASyntaxError_IsRefusedWithPartAndLine()
    {
        using var response = await app.Api().PutAsJsonAsync("/api/templates/broken", new
        {
            subject = "Hello {{ lead.email }",
            html = "<p>one</p>\n<p>two</p>\n{% if lead.stage %}never closed",
            text = "{% nosuchtag %}",
        });
        Assert.Equal(400, (int)response.StatusCode);
        var problem = await ProblemBody.ReadAsync(response);
        Assert.Equal(["$.subject", "$.html", "$.text"], problem.Keys);
        Assert.StartsWith("line 3, column ", problem.Reason("$.html"));
        var locations = problem.Body.GetProperty("locations").EnumerateArray()
            .Select(e => (e.GetProperty("path").GetString(), e.GetProperty("line").GetInt32())).ToList();
        Assert.Equal([("$.subject", 1), ("$.html", 3), ("$.text", 1)], locations);
    }

    [Fact]
    public async Task Template_Hostile_IsRefusedWithAReason_AndNeverHangs()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var nested = string.Concat(Enumerable.Repeat("{% if lead.stage %}", 3000)) + string.Concat(Enumerable.Repeat("{% endif %}", 3000));
        foreach (var (html, line, reason) in new (string, int?, string)[]
        {
            ("{% for i in (1..9000) %}{% for j in (1..9000) %}x{% endfor %}{% endfor %}", null, "steps"),
            ("{% assign s = 'ab' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}", null, "output size"),
            ("<p>\n" + nested, 2, "recursion depth"),
            ("<p>\n{% include 'footer' %}", 2, "Unknown tag 'include'"),
        })
        {
            using var response = await app.Api().PutAsJsonAsync("/api/templates/hostile", new { subject = "Hi", html });
            Assert.Equal(400, (int)response.StatusCode);
            var problem = await ProblemBody.ReadAsync(response);
            Assert.Contains(reason, Assert.Single(problem.At("$.html")));
            var locations = problem.Body.GetProperty("locations").EnumerateArray().ToList();
            if (line is null)
            {
                // A limit broken while rendering has no place in the source.
                Assert.Empty(locations);
                continue;
            }
            Assert.StartsWith($"line {line}, column ", problem.Reason("$.html"));
            var location = Assert.Single(locations);
            Assert.Equal(line, location.GetProperty("line").GetInt32());
            Assert.True(location.GetProperty("column").GetInt32() > 0);
        }
        // A draft in the console's live preview is checked the same way.
        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/hostile/preview",
            new { subject = "Hi", html = "{% for i in (1..9000) %}{% for j in (1..9000) %}x{% endfor %}{% endfor %}" });
        Assert.Equal("$.html", ProblemBody.Of(status, body).Key);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Send_TemplateOverALimitForOneLead_IsAFailedSendWithTheReason_AndItsPreviewSaysWhy()
    {
        // Fine for the sample lead ("Ann": 27 turns), far past the step limit for a 50-letter name.
        const string html = "{% assign n = lead.traits.firstName | size %}{% for i in (1..n) %}{% for j in (1..n) %}{% for k in (1..n) %}.{% endfor %}{% endfor %}{% endfor %}";
        using (var saved = await app.Api().PutAsJsonAsync("/api/templates/cubic", new { subject = "Hi", html })) Assert.Equal(200, (int)saved.StatusCode);
        var (leadId, _) = await KnownLeadAsync(new string('L', 50));

        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/cubic/preview", new { leadId });
        Assert.Contains("steps", ProblemBody.Of(status, body).Reason("$.html"));

        var send = await SendAsync(leadId, "cubic");
        var view = await app.Api().GetFromJsonAsync<JsonElement>($"/api/email/sends/{send}");
        Assert.Equal("failed", view.GetProperty("status").GetString());
        Assert.StartsWith("template html: The maximum number of", view.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task Preview_MarkupInATrait_IsEscapedInTheHtmlPartOnly()
    {
        await SaveTemplateAsync("escaping");
        var (leadId, _) = await KnownLeadAsync("<b>Zoë</b> & co");

        var (status, rendered) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/escaping/preview", new { leadId });

        Assert.Equal(200, status);
        Assert.Contains("Hi &lt;b&gt;Zoë&lt;/b&gt; &amp; co,", rendered.GetProperty("html").GetString());
        Assert.Equal("Welcome, <b>Zoë</b> & co", rendered.GetProperty("subject").GetString());
        Assert.StartsWith("Hi <b>Zoë</b> & co,", rendered.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Send_RendersTracksAndCarriesUnsubscribeHeaders_AndOpensAndClicksReachTheLead()
    {
        var api = app.Api();
        await SaveTemplateAsync("welcome");
        var (leadId, email) = await KnownLeadAsync("Ann");

        using var preview = await api.PostAsJsonAsync("/api/templates/welcome/preview", new { leadId });
        Assert.Contains("Hi Ann,", (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("html").GetString());

        var sendId = await SendAsync(leadId, "welcome", key: "first");
        Assert.Equal(sendId, await SendAsync(leadId, "welcome", key: "first"));
        var message = await MailSink.WaitForAsync(sendId);

        Assert.Equal("Welcome, Ann", message.Subject);
        Assert.Equal(email, message.To.Mailboxes.Single().Address);
        Assert.IsType<MultipartAlternative>(message.Body);
        Assert.StartsWith("<http", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var html = message.HtmlBody ?? "";
        Assert.DoesNotContain("https://shop.example.com/pricing", html);
        Assert.Contains("mailto:sales@example.com", html);
        var click = ClickLink().Match(html).Groups[1].Value;
        var open = OpenPixel().Match(html).Groups[1].Value;

        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);
        using (var pixel = await client.GetAsync(new Uri(open).PathAndQuery)) Assert.Equal("image/gif", pixel.Content.Headers.ContentType?.MediaType);
        // The test host has no link-scanner window (LinkScannerWindowTests move a clock past one): this click is a reader's.
        using var redirect = await client.GetAsync(WebUtility.HtmlDecode(new Uri(click).PathAndQuery));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var target = redirect.Headers.Location!.ToString();
        Assert.StartsWith("https://shop.example.com/pricing?plan=pro&nt=", target);

        var score = await ClickHouseProbe.EventuallyAsync(
            async () => await api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/score"),
            // The open (1 point) and the click (5) reach the lead one after the other: wait for both.
            s => s.GetProperty("score").GetProperty("interest").TryGetProperty("email", out var points) && points.GetDouble() > 5.5);
        Assert.Equal(6, score.GetProperty("score").GetProperty("interest").GetProperty("email").GetDouble(), precision: 1);

        // The story names the email by its subject, from the send its events carry.
        var timeline = await ClickHouseProbe.EventuallyAsync(
            () => api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/timeline"),
            t => t.GetProperty("emails").TryGetProperty(sendId.ToString("N"), out _));
        Assert.Equal("Welcome, Ann", timeline.GetProperty("emails").GetProperty(sendId.ToString("N")).GetProperty("subject").GetString());
    }

    [Fact]
    public async Task ClickedLink_OnAnotherDevice_JoinsThatVisitToTheLead()
    {
        await SaveTemplateAsync("join");
        var (leadId, email) = await KnownLeadAsync("Fay");
        var html = (await MailSink.WaitForAsync(await SendAsync(leadId, "join"))).HtmlBody ?? "";
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);
        using var redirect = await client.GetAsync(WebUtility.HtmlDecode(new Uri(ClickLink().Match(html).Groups[1].Value).PathAndQuery));
        var nt = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["nt"].ToString();

        // The tracker on the phone sends the token back with its first page view.
        var phone = "phone-" + Guid.NewGuid().ToString("N");
        await app.SendAsBrowserAsync(app.Event(phone, url: "https://shop.example.com/pricing?plan=pro", extra: new { props = new { nt } }));
        var lead = await app.LeadByEmailAsync(email, l => l.GetProperty("visitors").GetArrayLength() == 2);
        Assert.Equal(leadId, lead.GetProperty("id").GetGuid());
        Assert.Contains(lead.GetProperty("visitors").EnumerateArray(), v => v.GetProperty("visitorId").GetString() == phone);

        // A forged token joins nothing.
        var stranger = "stranger-" + Guid.NewGuid().ToString("N");
        await app.SendAsBrowserAsync(app.Event(stranger, url: "https://shop.example.com/", extra: new { props = new { nt = nt[..^2] + "xx" } }));
        // The stranger's visit has reached a lead: its own, not the one the token was forged from.
        var strangerLead = LeadIds.ForVisitor(app.SiteId, stranger);
        var own = await ClickHouseProbe.EventuallyAsync(() => ClickHouseProbe.GetJsonOrDefaultAsync(app.Api(), $"/api/leads/{strangerLead}"),
            l => ClickHouseProbe.Has(l, 1, "counters", "pageViews"));
        Assert.Equal(strangerLead, own.GetProperty("id").GetGuid());
        var after = await app.LeadByEmailAsync(email);
        Assert.Equal(2, after.GetProperty("visitors").GetArrayLength());
    }

    [Fact]
    public async Task ForgedOrAlteredTokens_Answer404()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var path in new[] { "/e/c/AAAA", "/e/o/nonsense.gif", "/e/u/" + new string('x', 68), "/e/c/" + new string('-', 500) })
            Assert.Equal(404, (int)(await client.GetAsync(path)).StatusCode);

        await SaveTemplateAsync("forgery");
        var (leadId, _) = await KnownLeadAsync("Bob");
        var html = (await MailSink.WaitForAsync(await SendAsync(leadId, "forgery"))).HtmlBody ?? "";
        var token = new Uri(WebUtility.HtmlDecode(ClickLink().Match(html).Groups[1].Value)).AbsolutePath["/e/c/".Length..];
        var altered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        Assert.Equal(404, (int)(await client.GetAsync("/e/c/" + altered)).StatusCode);
        Assert.Equal(404, (int)(await client.PostAsync("/e/u/" + token, null)).StatusCode); // a click token is no unsubscribe token
    }

    [Fact]
    public async Task Unsubscribe_OneClick_SuppressesLaterSends_AndABounceDoesToo()
    {
        var api = app.Api();
        await SaveTemplateAsync("news");
        var (leadId, _) = await KnownLeadAsync("Cleo");
        var message = await MailSink.WaitForAsync(await SendAsync(leadId, "news"));
        var unsubscribe = new Uri(message.Headers["List-Unsubscribe"]!.Trim('<', '>')).AbsolutePath;

        var client = app.CreateClient();
        Assert.Contains("<form", await client.GetStringAsync(unsubscribe));
        using (var oneClick = await client.PostAsync(unsubscribe, new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded")))
            Assert.Equal(200, (int)oneClick.StatusCode);
        // The lead's consent records the refusal, with where it came from, in its history.
        var lead = await api.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/history");
        Assert.Contains(lead.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "consent"
            && c.GetProperty("newValue").GetString()!.StartsWith("denied (unsubscribe link in news)") && c.GetProperty("actor").GetString() == "unsubscribe");
        var later = await SendAsync(leadId, "news");
        var status = await ClickHouseProbe.EventuallyAsync(
            async () => await api.GetFromJsonAsync<JsonElement>($"/api/email/sends/{later}"),
            s => s.GetProperty("status").GetString() != "queued" && s.GetProperty("status").GetString() != "sending");
        Assert.Equal("suppressed", status.GetProperty("status").GetString());

        var (bouncing, bouncingEmail) = await KnownLeadAsync("Dan");
        var dsn = $"""
            From: MAILER-DAEMON@example.net
            To: nurture@localhost.localdomain
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b"

            --b
            Content-Type: text/plain

            Your message could not be delivered.
            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; {bouncingEmail}
            Action: failed
            Status: 5.1.1

            --b--
            """.ReplaceLineEndings("\r\n");
        using var bounce = await api.PostAsync("/api/email/bounces", new StringContent(dsn, Encoding.ASCII, "message/rfc822"));
        Assert.Equal([bouncingEmail], (await bounce.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bounced").EnumerateArray().Select(e => e.GetString()));
        var afterBounce = await SendAsync(bouncing, "news");
        var bouncedStatus = await ClickHouseProbe.EventuallyAsync(
            async () => await api.GetFromJsonAsync<JsonElement>($"/api/email/sends/{afterBounce}"),
            s => s.GetProperty("status").GetString() is "suppressed" or "sent");
        Assert.Equal("suppressed", bouncedStatus.GetProperty("status").GetString());

        Assert.Equal(400, (int)(await api.PostAsync("/api/email/bounces", new StringContent(""))).StatusCode);
    }

    [Fact]
    public async Task FrequencyCap_SkipsTheFourthEmailOfTheDay()
    {
        var api = app.Api();
        await SaveTemplateAsync("cap");
        var (leadId, _) = await KnownLeadAsync("Eve");
        var sends = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            sends.Add(await SendAsync(leadId, "cap"));
            await ClickHouseProbe.EventuallyAsync(
                async () => await api.GetFromJsonAsync<JsonElement>($"/api/email/sends/{sends[^1]}"),
                s => s.GetProperty("status").GetString() is not ("queued" or "sending"));
        }
        var statuses = new List<string>();
        foreach (var id in sends) statuses.Add((await api.GetFromJsonAsync<JsonElement>($"/api/email/sends/{id}")).GetProperty("status").GetString()!);
        Assert.Equal(["sent", "sent", "sent", "capped"], statuses);
    }

    private async Task SaveTemplateAsync(string id)
    {
        using var response = await app.Api().PutAsJsonAsync($"/api/templates/{id}", new
        {
            name = "Welcome",
            subject = "Welcome, {{ lead.traits.firstName }}",
            html = Html,
        });
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task ALeadThatDeniedConsent_IsNotMailed_AndTheSendSaysWhy()
    {
        await SaveTemplateAsync("news");
        var (leadId, email) = await KnownLeadAsync("Nora");
        var (status, _) = await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{leadId}", new { consent = new { status = "denied", source = "phone call" } });
        Assert.Equal(200, status);
        var send = await SendAsync(leadId, "news");
        var view = await app.Api().GetFromJsonAsync<JsonElement>($"/api/email/sends/{send}");
        Assert.Equal("suppressed", view.GetProperty("status").GetString());
        Assert.Contains("no consent", view.GetProperty("lastError").GetString());
        // A send queued after it, to a lead who did not refuse, arrives: the sender has had its turn at Nora's.
        var (otherId, _) = await KnownLeadAsync("Olga");
        await MailSink.WaitForAsync(await SendAsync(otherId, "news"));
        Assert.Empty(MailSink.To(email));
    }

    private async Task<(Guid LeadId, string Email)> KnownLeadAsync(string firstName)
    {
        var visitor = "mail-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme.example";
        await app.SendAsBrowserAsync(
            app.Event(visitor, url: "https://shop.example.com/pricing"),
            app.Event(visitor, type: "identify", url: null, extra: new { email, traits = new { firstName } }));
        var lead = await app.LeadByEmailAsync(email);
        return (lead.GetProperty("id").GetGuid(), email);
    }

    private async Task<Guid> SendAsync(Guid leadId, string template, string? key = null)
    {
        using var response = await app.Api().PostAsJsonAsync($"/api/leads/{leadId}/emails", new { templateId = template, key });
        Assert.Equal(202, (int)response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sendId").GetGuid();
    }

    [GeneratedRegex("href=\"([^\"]*/e/c/[^\"]*)\"")]
    private static partial Regex ClickLink();

    [GeneratedRegex("src=\"([^\"]*/e/o/[^\"]*)\"")]
    private static partial Regex OpenPixel();
}
