using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Ingest;

[Collection(SharedHost.Name)]
public sealed class IngestToClickHouseTests(NurtureApp app)
{
    [Fact]
    public async Task Pixel_AnswersGifAndStoresNormalisedRow()
    {
        var visitor = "pixel-" + Guid.NewGuid().ToString("N");
        var url = Uri.EscapeDataString("https://shop.example.com/pricing?utm_source=google&utm_medium=cpc&utm_campaign=fall&gclid=abc");
        using var response = await app.CreateClient().GetAsync(
            $"/t.gif?siteKey={app.SiteKey}&visitorId={visitor}&eventId=p1&type=page_view&url={url}&referrer=https%3A%2F%2Fwww.google.com%2F&p.plan=pro");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(43, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());

        var rows = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.QueryAsync($"SELECT * FROM events WHERE visitor_id = '{visitor}'"), r => r.Count == 1);
        var row = Assert.Single(rows);
        Assert.Equal("shop.example.com", row.GetProperty("host").GetString());
        Assert.Equal("/pricing", row.GetProperty("path").GetString());
        Assert.Equal("paid_search", row.GetProperty("channel").GetString());
        Assert.Equal("google", row.GetProperty("utm_source").GetString());
        Assert.Equal("fall", row.GetProperty("utm_campaign").GetString());
        Assert.Equal("gclid", row.GetProperty("click_id_name").GetString());
        Assert.Equal("www.google.com", row.GetProperty("referrer_host").GetString());
        Assert.Equal(["plan"], row.GetProperty("prop_keys").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(app.SiteId, row.GetProperty("site_id").GetGuid());
    }

    [Fact]
    public async Task Pixel_BadInput_StillAnswersGif()
    {
        foreach (var query in new[] { "", "?siteKey=nope&visitorId=x&type=page_view", "?siteKey=%zz", "?type=page_view&url=javascript:alert(1)", "?x=%C3%28" })
        {
            using var response = await app.CreateClient().GetAsync("/t.gif" + query);
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("image/gif", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Collect_KeepsValidEventsAndNamesTheBadOnes()
    {
        var visitor = "batch-" + Guid.NewGuid().ToString("N");
        var (status, body) = await app.CollectAsync(new[]
        {
            app.Event(visitor),
            app.Event(visitor, type: "nonsense"),
            app.Event(visitor, type: "custom", extra: new { name = "trial_started", props = new { seats = 5, paid = true } }),
            app.Event(visitor, url: "ftp://example.com/"),
        });

        Assert.Equal(202, status);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray()
            .Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("field").GetString(), r.GetProperty("path").GetString())).ToList();
        Assert.Equal([(1, "type", "$[1].type"), (3, "url", "$[3].url")], rejected);
        var count = await ClickHouseProbe.EventuallyAsync(() => app.ClickHouse.CountAsync($"visitor_id = '{visitor}'"), n => n == 2);
        Assert.Equal(2, count);
    }

    [Fact]
    public async Task Collect_RetriedEventId_IsAcceptedButStoredOnce()
    {
        var visitor = "retry-" + Guid.NewGuid().ToString("N");
        var e = app.Event(visitor, eventId: "same-" + visitor);
        for (var i = 0; i < 3; i++)
        {
            var (status, _) = await app.CollectAsync(new[] { e }, i == 1 ? "text/plain" : "application/json");
            Assert.Equal(202, status);
        }
        // Every acknowledged event is in ClickHouse now: the retries were not stored, rather than not yet.
        await app.CaughtUpAsync();
        Assert.Equal(1, await app.ClickHouse.CountAsync($"visitor_id = '{visitor}'"));
    }

    [Theory]
    [InlineData("not json", 400)]
    [InlineData("[]", 400)]
    [InlineData("{\"a\":", 400)]
    [InlineData("42", 400)]
    [InlineData("[1,2,3]", 400)]
    [InlineData("[{\"siteKey\":\"sk_unknown\",\"visitorId\":\"v\",\"type\":\"page_view\"}]", 404)]
    public async Task Collect_BrokenOrUnknown_AnswersClearStatus(string body, int expected)
    {
        var (status, _) = await app.CollectAsync(body);
        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Collect_OverSizeLimit_Answers413()
    {
        var huge = "[" + string.Join(",", Enumerable.Repeat(JsonSerializer.Serialize(app.Event("big", extra: new { title = new string('x', 2000) })), 40)) + "]";
        var (status, _) = await app.CollectAsync(huge);
        Assert.Equal(413, status);
    }

    [Fact]
    public async Task Collect_HostileStrings_AreStoredByteExact()
    {
        var visitor = "hostile-" + Guid.NewGuid().ToString("N");
        string[] hostile =
        [
            "quote ' double \" backslash \\ end",
            "'; DROP TABLE events; --",
            "nul \u0000 inside",
            "line\nbreak\r\ttab",
            "emoji 😀🚀 and 日本語 テキスト",
            new string('長', 2000),
        ];
        var events = hostile.Select((text, i) => app.Event(visitor, type: "custom", eventId: $"h{i}",
            extra: new { name = $"hostile_{i}", title = text, props = new Dictionary<string, object> { [$"k{i}"] = text } })).ToArray();
        var (status, body) = await app.CollectAsync(events);
        Assert.Equal(202, status);
        Assert.Equal(hostile.Length, body.GetProperty("accepted").GetInt32());

        var rows = await ClickHouseProbe.EventuallyAsync(
            () => app.ClickHouse.QueryAsync($"SELECT event_id, title, prop_values FROM events WHERE visitor_id = '{visitor}' ORDER BY event_id"),
            r => r.Count == hostile.Length);
        for (var i = 0; i < hostile.Length; i++)
        {
            Assert.Equal(hostile[i], rows[i].GetProperty("title").GetString());
            Assert.Equal(hostile[i], rows[i].GetProperty("prop_values")[0].GetString());
        }
    }

    [Fact]
    public async Task Collect_WrongTypesEverywhere_NeverA5xx()
    {
        object[] bad =
        [
            new { siteKey = 1, visitorId = "v", type = "page_view" },
            new { siteKey = app.SiteKey, visitorId = new[] { 1 }, type = "page_view" },
            new { siteKey = app.SiteKey, visitorId = "v", type = "page_view", ts = "yesterday" },
            new { siteKey = app.SiteKey, visitorId = "v", type = "page_view", ts = 1e30 },
            new { siteKey = app.SiteKey, visitorId = "v", type = "page_view", props = new { nested = new { a = 1 } } },
            new { siteKey = app.SiteKey, visitorId = "v", type = "identify", email = "not-an-email" },
            new { siteKey = app.SiteKey, visitorId = "v", type = "custom" },
            new { siteKey = app.SiteKey, visitorId = new string('v', 10_000), type = "page_view" },
            new { siteKey = app.SiteKey, visitorId = "v", type = "page_view", url = "https://x.example/" + new string('a', 10_000) },
        ];
        var (status, body) = await app.CollectAsync(bad);
        Assert.Equal(400, status);
        // None kept: a problem whose errors name each event's field by its path into the batch.
        Assert.Equal(["$[0].siteKey", "$[1].visitorId", "$[2].ts", "$[3].ts", "$[4].props.nested", "$[5].email", "$[6].name", "$[7].visitorId", "$[8].url"],
            ProblemBody.Of(status, body).Keys);
    }

    [Fact]
    public async Task Collect_LoneSurrogateAndInvalidUtf8_AreRefusedNotMangled()
    {
        var (status1, body1) = await app.CollectAsync(
            $"[{{\"siteKey\":\"{app.SiteKey}\",\"visitorId\":\"v\",\"type\":\"page_view\",\"title\":\"\\ud800\"}}]");
        Assert.Equal("$[0].title", ProblemBody.Of(status1, body1).Key);

        using var content = new ByteArrayContent([.. "[{\"title\":\""u8.ToArray(), 0xC3, 0x28, .. "\"}]"u8.ToArray()]);
        content.Headers.ContentType = new("application/json");
        using var response = await app.CreateClient().PostAsync("/collect", content);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("UTF-8", Assert.Single((await ProblemBody.ReadAsync(response)).At("$")));
    }

    [Fact]
    public async Task Collect_Preflight_AllowsSiteOriginOnly()
    {
        var site = await app.CreateSiteAsync("Cors site", ["https://www.cors.example"]);
        using var allowed = new HttpRequestMessage(HttpMethod.Options, "/collect");
        allowed.Headers.Add("Origin", "https://www.cors.example");
        allowed.Headers.Add("Access-Control-Request-Method", "POST");
        using var ok = await app.CreateClient().SendAsync(allowed);
        Assert.Equal(204, (int)ok.StatusCode);
        Assert.Equal("https://www.cors.example", ok.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/collect")
        {
            Content = new StringContent(JsonSerializer.Serialize(new[] { new { siteKey = site.GetProperty("siteKey").GetString(), visitorId = "v", type = "page_view" } })),
        };
        request.Headers.Add("Origin", "https://evil.example");
        using var refused = await app.CreateClient().SendAsync(request);
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("origin", await refused.Content.ReadAsStringAsync());
    }
}
