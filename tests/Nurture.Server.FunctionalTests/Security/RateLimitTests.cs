using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Security;

/// <summary>
/// The host with small abuse limits that refill slowly (one token a minute), so a test sees them bite, and the
/// client address taken from a test header (the in-process server has none): each test uses its own addresses.
/// </summary>
public sealed class RateLimitedApp : NurtureApp
{
    public const string AddressHeader = "X-Test-Client-Address";

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        settings["Nurture:Limits:ClientRequestsPerMinute"] = "1";
        settings["Nurture:Limits:ClientBurst"] = "5";
        settings["Nurture:Limits:SiteRequestsPerMinute"] = "1";
        settings["Nurture:Limits:SiteBurst"] = "6";
        settings["Nurture:Limits:SignInAttemptsPerMinute"] = "2";
        settings["Nurture:Limits:EmailLinkRequestsPerMinute"] = "2";
        settings["Nurture:Limits:EmailsPerVisitor"] = "2";
        settings["Nurture:Limits:EmailsPerClient"] = "4";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, AddressFromHeader>());
    }

    public HttpClient From(string address)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        client.DefaultRequestHeaders.UserAgent.ParseAdd(BrowserUserAgent);
        return client;
    }

    private sealed class AddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, following) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[AddressHeader].ToString(), out var address)) http.Connection.RemoteIpAddress = address;
                return following(http);
            });
            next(app);
        };
    }
}

public sealed class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    /// <summary>A site of the test's own: the per-site bucket is small, and shared by every test on a site.</summary>
    private async Task<string> NewSiteAsync() =>
        (await app.CreateSiteAsync("Limits " + Guid.NewGuid().ToString("N")[..6], [])).GetProperty("siteKey").GetString()!;

    [Fact]
    public async Task Collect_PastTheClientLimit_Answers429WithRetryAfter_AndOtherAddressesGoOn()
    {
        var siteKey = (await app.CreateSiteAsync("Shop " + Guid.NewGuid().ToString("N")[..6], ["https://shop.example"])).GetProperty("siteKey").GetString()!;
        var client = app.From("203.0.113.10");
        for (var i = 0; i < 5; i++) Assert.Equal(202, (int)(await CollectAsync(client, siteKey)).StatusCode);

        using var limited = await CollectAsync(client, siteKey, origin: "https://shop.example");
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
        // An origin a site allows may read the 429 and its Retry-After (the tracker waits that long).
        Assert.Equal("https://shop.example", limited.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Retry-After", limited.Headers.GetValues("Access-Control-Expose-Headers").Single());
        var problem = await ProblemBody.ReadAsync(limited);
        Assert.Contains("Retry-After", problem.Detail);
        Assert.Equal(int.Parse(limited.Headers.GetValues("Retry-After").Single()), problem.Body.GetProperty("retryAfter").GetInt32());

        Assert.Equal(202, (int)(await CollectAsync(app.From("203.0.113.11"), siteKey)).StatusCode);
        Assert.Contains("nurture_rate_limited_total{limit=\"client\"}", await app.CreateClient().GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Pixel_PastTheClientLimit_StillAnswersItsGif_AndCountsTheDrop()
    {
        var siteKey = await NewSiteAsync();
        var client = app.From("203.0.113.20");
        for (var i = 0; i < 8; i++)
        {
            using var response = await client.GetAsync($"/t.gif?siteKey={siteKey}&visitorId=px-{i}&type=page_view&url=https%3A%2F%2Fshop.example%2F");
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(43, (await response.Content.ReadAsByteArrayAsync()).Length);
        }
        Assert.Matches(@"nurture_pixel_dropped_total\{reason=""rate_limited""\} [3-9]", await app.CreateClient().GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Collect_PastTheSiteLimit_FromManyAddresses_IsRefusedForThatSiteOnly()
    {
        var siteKey = await NewSiteAsync();
        for (var i = 0; i < 6; i++) Assert.Equal(202, (int)(await CollectAsync(app.From($"198.51.100.{i + 1}"), siteKey)).StatusCode);

        using var limited = await CollectAsync(app.From("198.51.100.50"), siteKey);
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal("$[0].siteKey", (await ProblemBody.ReadAsync(limited)).Key);
        // Another site is not held up by this one's flood.
        Assert.Equal(202, (int)(await CollectAsync(app.From("198.51.100.51"), await NewSiteAsync())).StatusCode);
    }

    [Fact]
    public async Task SignIn_PastTheLimit_Answers429_BeforeThePasswordIsChecked()
    {
        var client = app.From("203.0.113.30");
        for (var i = 0; i < 2; i++)
            Assert.Equal(401, (int)(await client.PostAsJsonAsync("/api/auth/sign-in", new { email = "admin@example.com", password = $"guess-{i}" })).StatusCode);
        using var limited = await client.PostAsJsonAsync("/api/auth/sign-in", new { email = "admin@example.com", password = "guess-3" });
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        await ProblemBody.ReadAsync(limited);
    }

    [Fact]
    public async Task EmailLinks_PastTheLimit_Answer429_AndTheOpenPixelStillAGif()
    {
        var client = app.From("203.0.113.40");
        for (var i = 0; i < 2; i++) Assert.Equal(404, (await ProblemBody.ReadAsync(await client.GetAsync($"/e/c/forged-{i}"))).Status);
        Assert.Equal(429, (await ProblemBody.ReadAsync(await client.GetAsync("/e/c/forged-3"))).Status);
        using var open = await client.GetAsync("/e/o/forged.gif");
        Assert.Equal("image/gif", open.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Identify_AsTooManyEmails_IsRefusedByField_AndFlaggedOnTheLead()
    {
        var siteKey = await NewSiteAsync();
        var client = app.From("203.0.113.60");
        var visitor = "many-" + Guid.NewGuid().ToString("N");
        var first = $"{visitor}-1@example.com";
        using (var accepted = await CollectAsync(client, siteKey, visitor, first)) Assert.Equal(202, (int)accepted.StatusCode);
        using (var accepted = await CollectAsync(client, siteKey, visitor, $"{visitor}-2@example.com")) Assert.Equal(202, (int)accepted.StatusCode);

        using var third = await CollectAsync(client, siteKey, visitor, $"{visitor}-3@example.com");
        Assert.Equal(400, (int)third.StatusCode);
        Assert.Equal("$[0].email", (await ProblemBody.ReadAsync(third)).Key);

        var lead = await app.LeadByEmailAsync(first, l => l.GetProperty("traitHistory").EnumerateArray().Any(c => c.GetProperty("trait").GetString() == "flag"));
        Assert.Contains("EmailsPerVisitor", lead.GetProperty("traitHistory").EnumerateArray().First(c => c.GetProperty("trait").GetString() == "flag").GetProperty("newValue").GetString());
        Assert.Contains("nurture_rate_limited_total{limit=\"identify_visitor\"}", await app.CreateClient().GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Identify_ManyPeopleFromOneAddress_AreRefusedPastTheClientLimit()
    {
        var siteKey = await NewSiteAsync();
        var client = app.From("203.0.113.70");
        var run = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 4; i++)
        {
            using var accepted = await CollectAsync(client, siteKey, $"mint-{run}-{i}", $"mint-{run}-{i}@example.com");
            Assert.Equal(202, (int)accepted.StatusCode);
        }
        // Another address is counted apart.
        var (status, body) = await CollectBodyAsync(app.From("203.0.113.71"), siteKey, $"mint-{run}-x", $"mint-{run}-x@example.com");
        Assert.Equal(202, status);
        using var refused = await CollectAsync(client, siteKey, $"mint-{run}-5", $"mint-{run}-5@example.com");
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("EmailsPerClient", (await ProblemBody.ReadAsync(refused)).Reason("$[0].email"));
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
    }

    private static async Task<HttpResponseMessage> CollectAsync(HttpClient client, string siteKey, string? visitor = null, string? email = null, string? origin = null)
    {
        visitor ??= "limit-" + Guid.NewGuid().ToString("N");
        object e = email is null
            ? new { siteKey, visitorId = visitor, type = "page_view", url = "https://shop.example/" }
            : new { siteKey, visitorId = visitor, type = "identify", email };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/collect") { Content = JsonContent.Create(new[] { e }) };
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    private static async Task<(int Status, JsonElement Body)> CollectBodyAsync(HttpClient client, string siteKey, string visitor, string email)
    {
        using var response = await CollectAsync(client, siteKey, visitor, email);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
