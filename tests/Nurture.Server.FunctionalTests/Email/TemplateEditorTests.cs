using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Email;

/// <summary>
/// The template editor's server side end to end: a block template with its preheader, sender and reply-to saved
/// and sent (headers, inlined styles, the hidden preheader, tracked links in both parts, a click on the text
/// part's link recorded like an HTML one), hostile sender fields refused by field, and test sends that go out
/// through the real SMTP sink and count nowhere. The per-person limit on test sends: <see cref="TemplateTestSendLimitTests"/>.
/// </summary>
[Collection(SharedHost.Name)]
public sealed partial class TemplateEditorTests(NurtureApp app)
{
    private static object Design(string button = "https://shop.example.com/pricing") => new
    {
        accentColor = "#1d5fd1",
        blocks = new object[]
        {
            new { type = "heading", text = "Hello {{ lead.traits.firstName | default: \"there\" }}" },
            new { type = "text", text = "Our plans start at ¥0.\nRead more: https://shop.example.com/guide" },
            new { type = "button", label = "See plans", url = button },
            new { type = "divider" },
            new { type = "columns", left = new { text = "Left" }, right = new { imageUrl = "https://cdn.example.com/r.png", imageAlt = "Right", text = "Right" } },
            new { type = "footer", text = "Example Corp, Tokyo", label = "Unsubscribe" },
        },
    };

    private static object BlockTemplate(object? design = null) => new
    {
        name = "Block welcome",
        subject = "Welcome, {{ lead.traits.firstName }}",
        preheader = "Plans for {{ lead.traits.firstName }} inside",
        fromName = "Shop News",
        fromAddress = "news@shop.example",
        replyTo = "help@shop.example",
        editor = "blocks",
        design = design ?? Design(),
    };

    [Fact]
    public async Task BlockTemplate_IsSavedWithItsDesign_AndSentWithItsSender_PreheaderAndTrackedLinksInBothParts()
    {
        var (saveStatus, saved) = await app.SendJsonAsync(HttpMethod.Put, "/api/templates/blocks-welcome", BlockTemplate());
        Assert.Equal(200, saveStatus);
        Assert.Equal("blocks", saved.GetProperty("editor").GetString());
        Assert.Equal(6, saved.GetProperty("design").GetProperty("blocks").GetArrayLength());
        Assert.Contains("max-width: 600px", saved.GetProperty("html").GetString());
        var read = await app.Api().GetFromJsonAsync<JsonElement>("/api/templates/blocks-welcome");
        Assert.Equal("help@shop.example", read.GetProperty("replyTo").GetString());
        Assert.Equal("Plans for {{ lead.traits.firstName }} inside", read.GetProperty("preheader").GetString());
        Assert.Equal("See plans", read.GetProperty("design").GetProperty("blocks")[2].GetProperty("label").GetString());

        var (leadId, email) = await KnownLeadAsync("Ann");
        var (previewStatus, preview) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/blocks-welcome/preview", new { leadId });
        Assert.Equal(200, previewStatus);
        Assert.Equal("Plans for Ann inside", preview.GetProperty("preheader").GetString());
        Assert.Contains("Hello Ann</h1>", preview.GetProperty("html").GetString());

        using var sent = await app.Api().PostAsJsonAsync($"/api/leads/{leadId}/emails", new { templateId = "blocks-welcome" });
        Assert.Equal(202, (int)sent.StatusCode);
        var message = await MailSink.WaitForAsync((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sendId").GetGuid());

        Assert.Equal("Welcome, Ann", message.Subject);
        Assert.Equal(new MailboxAddress("Shop News", "news@shop.example"), message.From.Mailboxes.Single());
        Assert.Equal("help@shop.example", message.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal(email, message.To.Mailboxes.Single().Address);
        var html = message.HtmlBody!;
        // The preheader is the first text of the body, hidden; styles are inline, the phone layout a media query.
        Assert.Matches("<body[^>]*><div class=\"preheader\" style=\"display:none;[^\"]*\">Plans for Ann inside&zwnj;&nbsp;", html);
        Assert.Matches("<div class=\"column\" style=\"display: inline-block;width: 100%;max-width: 276px", html);
        Assert.Contains("@media only screen and (max-width: 599px)", html);
        Assert.DoesNotContain("https://shop.example.com/pricing", html);

        // The text part's own link is tracked too; the unsubscribe link is not.
        var text = message.TextBody!;
        Assert.DoesNotContain("https://shop.example.com/guide", text);
        Assert.Contains("Unsubscribe: " + message.Headers["List-Unsubscribe"]!.Trim('<', '>'), text);
        var textClick = TextClick().Match(text.Split("Read more: ")[1]).Value;
        var reader = app.CreateClient(new() { AllowAutoRedirect = false });
        reader.DefaultRequestHeaders.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);
        using var redirect = await reader.GetAsync(new Uri(textClick).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("https://shop.example.com/guide?nt=", redirect.Headers.Location!.ToString());
        var clicks = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.QueryAsync($"SELECT url, is_bot FROM events WHERE visitor_id = 'email:{leadId:N}' AND type = 'email_click'"),
            rows => rows.Count == 1);
        Assert.Equal("https://shop.example.com/guide", Assert.Single(clicks).GetProperty("url").GetString());
        Assert.Equal(0, clicks[0].GetProperty("is_bot").GetInt32());
    }

    [Fact]
    public async Task SenderFields_HostileOrNotAllowed_AreRefusedByField()
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Put, "/api/templates/hostile-sender", new
        {
            subject = "Hi", html = "<p>Hi</p>",
            fromAddress = "ceo@bank.example",
            replyTo = "a@example.com\r\nBcc: everyone@example.com",
            fromName = new string('N', 101),
            preheader = "{% if %}",
            editor = "fancy",
        });
        var problem = ProblemBody.Of(status, body);
        Assert.StartsWith("is not an address this server may send from; choose one of: nurture@localhost.localdomain, news@shop.example", problem.Reason("$.fromAddress"));
        Assert.Equal("must not contain spaces or line breaks", problem.Reason("$.replyTo"));
        Assert.Equal("must be at most 100 characters", problem.Reason("$.fromName"));
        Assert.Equal("must be html or blocks", problem.Reason("$.editor"));

        foreach (var (field, value) in new (string, object)[] { ("replyTo", "a@b.example, c@d.example"), ("replyTo", 42), ("fromAddress", new[] { "x" }), ("replyTo", "x@[10.0.0.1]") })
        {
            var (s, b) = await app.SendJsonAsync(HttpMethod.Put, "/api/templates/hostile-sender", new Dictionary<string, object> { ["subject"] = "Hi", ["html"] = "<p>Hi</p>", [field] = value });
            Assert.Equal("$." + field, ProblemBody.Of(s, b).Key);
        }
        var (preheaderStatus, preheaderBody) = await app.SendJsonAsync(HttpMethod.Put, "/api/templates/hostile-sender", new { subject = "Hi", html = "<p>Hi</p>", preheader = "{% if %}" });
        Assert.Equal("$.preheader", ProblemBody.Of(preheaderStatus, preheaderBody).Key);

        // A block template's problems are named inside its design.
        var (blockStatus, blockBody) = await app.SendJsonAsync(HttpMethod.Put, "/api/templates/hostile-sender", BlockTemplate(Design(button: "javascript:alert(1)")));
        Assert.Equal("must start with https:// (or be {{ unsubscribe_url }})", ProblemBody.Of(blockStatus, blockBody).Reason("$.design.blocks[2].url"));
        Assert.Equal(404, (await app.Api().GetAsync("/api/templates/hostile-sender")).StatusCode is var code ? (int)code : 0);
    }

    [Fact]
    public async Task Senders_ListTheDefaultFirst()
    {
        var senders = await app.Api().GetFromJsonAsync<JsonElement>("/api/email/senders");
        Assert.Equal("nurture@localhost.localdomain", senders.GetProperty("defaultAddress").GetString());
        Assert.Equal(["nurture@localhost.localdomain", "news@shop.example"], senders.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task TestSend_OfADraft_ArrivesMarkedAsATest_AndItsLinksUnsubscribeAndCapsCountNothing()
    {
        var (leadId, leadEmail) = await KnownLeadAsync("Tess");
        var tester = $"tester-{Guid.NewGuid():N}@office.example";
        // Three tests rendered for the lead: its cap is three a day, and tests must not use it up.
        var sends = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/draft-only/test", new Dictionary<string, object?>(ToDictionary(BlockTemplate()))
            {
                ["to"] = tester, ["leadId"] = leadId.ToString(),
            });
            Assert.True(status == 200, body.ToString());
            Assert.Equal("sent", body.GetProperty("status").GetString());
            Assert.Equal("[Test] Welcome, Tess", body.GetProperty("subject").GetString());
            sends.Add(body.GetProperty("sendId").GetGuid());
        }
        var message = await MailSink.WaitForAsync(sends[0]);
        Assert.Equal("[Test] Welcome, Tess", message.Subject);
        Assert.Equal(tester, message.To.Mailboxes.Single().Address);
        Assert.Equal("news@shop.example", message.From.Mailboxes.Single().Address);
        Assert.Contains("Plans for Tess inside", message.HtmlBody);
        Assert.Empty(MailSink.To(leadEmail));

        // Its links lead where they should and record nothing; its unsubscribe link unsubscribes nobody.
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);
        using (var redirect = await client.GetAsync(new Uri(TextClick().Match(message.TextBody!).Value).PathAndQuery))
            Assert.Equal("https://shop.example.com/guide", redirect.Headers.Location!.ToString());
        var unsubscribe = new Uri(message.Headers["List-Unsubscribe"]!.Trim('<', '>')).AbsolutePath;
        using (var oneClick = await client.PostAsync(unsubscribe, new StringContent("List-Unsubscribe=One-Click")))
            Assert.Contains("nobody was unsubscribed", await oneClick.Content.ReadAsStringAsync());
        await app.CaughtUpAsync();
        Assert.Empty(await app.ClickHouse.QueryAsync($"SELECT type FROM events WHERE visitor_id = 'email:{leadId:N}'"));
        var view = await app.Api().GetFromJsonAsync<JsonElement>($"/api/email/sends/{sends[0]}");
        Assert.Equal("sent", view.GetProperty("status").GetString());
        Assert.StartsWith("test:", view.GetProperty("origin").GetString());

        // The lead's real mail still goes out: the tests took none of its cap, and its consent is untouched.
        using (var saved = await app.Api().PutAsJsonAsync("/api/templates/after-tests", BlockTemplate())) Assert.Equal(200, (int)saved.StatusCode);
        using var real = await app.Api().PostAsJsonAsync($"/api/leads/{leadId}/emails", new { templateId = "after-tests" });
        var realMessage = await MailSink.WaitForAsync((await real.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sendId").GetGuid());
        Assert.Equal("Welcome, Tess", realMessage.Subject);
    }

    [Theory]
    [InlineData(null, "is required: the address to send the test to")]
    [InlineData("", "must be an email address")]
    [InlineData("a@example.com, b@example.com", "must be one address, not a list")]
    [InlineData("a@example.com\r\nBcc: all@example.com", "must not contain spaces or line breaks")]
    [InlineData("root@[127.0.0.1]", "must be at a domain name, not an IP address")]
    [InlineData("<script>alert(1)</script>", "must be an email address such as name@example.com")]
    public async Task TestSend_HostileAddresses_AreRefusedByField(string? to, string reason)
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/draft-only/test", new { to, subject = "Hi", html = "<p>Hi</p>" });
        Assert.Equal(reason, ProblemBody.Of(status, body).Reason("$.to"));
    }

    [Fact]
    public async Task TestSend_WrongTypesAndHugeValues_AreRefusedByField()
    {
        foreach (var (json, key) in new[]
        {
            ("""{"to": 5, "subject": "Hi", "html": "x"}""", "$.to"),
            ("""{"to": ["a@example.com"], "subject": "Hi", "html": "x"}""", "$.to"),
            ($$"""{"to": "{{new string('a', 100_000)}}@example.com", "subject": "Hi", "html": "x"}""", "$.to"),
            ("""{"to": "a@example.com", "leadId": "not-a-lead", "subject": "Hi", "html": "x"}""", "$.leadId"),
            ("""{"to": "a@example.com", "subject": "Hi", "html": "x", "design": 7, "editor": "blocks"}""", "$.design"),
            ("""[1, 2]""", "$"),
        })
        {
            var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/draft-only/test", json);
            Assert.Equal(key, ProblemBody.Of(status, body).Key);
        }
        // No draft and nothing saved under that id.
        var (missing, _) = await app.SendJsonAsync(HttpMethod.Post, "/api/templates/never-saved/test", new { to = "a@example.com" });
        Assert.Equal(404, missing);
    }

    private static Dictionary<string, object?> ToDictionary(object value) =>
        JsonSerializer.SerializeToElement(value).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);

    private async Task<(Guid LeadId, string Email)> KnownLeadAsync(string firstName)
    {
        var visitor = "editor-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@acme.example";
        await app.SendAsBrowserAsync(app.Event(visitor, type: "identify", url: null, extra: new { email, traits = new { firstName } }));
        var lead = await app.LeadByEmailAsync(email);
        return (lead.GetProperty("id").GetGuid(), email);
    }

    [GeneratedRegex(@"http://[^\s]*/e/c/[A-Za-z0-9_-]+")]
    private static partial Regex TextClick();
}
