using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Api;

/// <summary>A site set up and checked: its newest event and today's count, and the origins it refused.</summary>
[Collection(SharedHost.Name)]
public sealed class SiteSetupTests(NurtureApp app)
{
    [Fact]
    public async Task Activity_ShowsTheNewestEventAndTodaysCount_AndNamesARefusedOrigin()
    {
        var site = await app.CreateSiteAsync("Install check " + Guid.NewGuid().ToString("N")[..6], ["https://shop.example"]);
        var (siteId, siteKey) = (site.GetProperty("id").GetGuid(), site.GetProperty("siteKey").GetString()!);
        var api = app.Api();
        var empty = await api.GetFromJsonAsync<JsonElement>($"/api/sites/{siteId}/activity");
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("lastEventAt").ValueKind);
        Assert.Equal(0, empty.GetProperty("eventsSince").GetInt64());

        var visitor = "install-" + Guid.NewGuid().ToString("N");
        Assert.Equal(202, (int)(await PostAsync("https://shop.example", siteKey, visitor, "https://shop.example/pricing")).StatusCode);
        Assert.Equal(400, (int)(await PostAsync("https://copy.example", siteKey, visitor, "https://copy.example/")).StatusCode);

        var midnight = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero);
        var activity = await ClickHouseProbe.EventuallyAsync(
            () => api.GetFromJsonAsync<JsonElement>($"/api/sites/{siteId}/activity?since={Uri.EscapeDataString(midnight.ToString("O"))}"),
            a => a.GetProperty("eventsSince").GetInt64() == 1 && a.GetProperty("refusedOrigins").GetArrayLength() == 1);
        Assert.Equal("https://shop.example/pricing", activity.GetProperty("lastEventUrl").GetString());
        Assert.Equal("https://shop.example", activity.GetProperty("lastEventOrigin").GetString());
        Assert.Equal("https://copy.example", activity.GetProperty("refusedOrigins")[0].GetProperty("origin").GetString());

        // Once allowed, the origin is no longer shown as refused.
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Patch, $"/api/sites/{siteId}", new { allowedOrigins = new[] { "https://shop.example", "https://copy.example" } })).Status);
        var after = await api.GetFromJsonAsync<JsonElement>($"/api/sites/{siteId}/activity");
        Assert.Equal(0, after.GetProperty("refusedOrigins").GetArrayLength());
    }

    [Theory]
    [InlineData("not-a-time")]
    [InlineData("2001-01-01T00:00:00Z")]
    public async Task Activity_WithABadSince_IsRefusedByThatParameter(string since)
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Get, $"/api/sites/{app.SiteId}/activity?since={Uri.EscapeDataString(since)}");
        Assert.Equal(400, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("since", out _), body.ToString());
    }

    private async Task<HttpResponseMessage> PostAsync(string origin, string siteKey, string visitor, string url)
    {
        var json = JsonSerializer.Serialize(new[] { new { siteKey, visitorId = visitor, type = "page_view", url } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/collect") { Content = new StringContent(json, Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", origin);
        request.Headers.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);
        return await app.CreateClient().SendAsync(request);
    }
}
