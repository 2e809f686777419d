using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Security;

/// <summary>What a website visitor may set through identify: never sales, system or identity fields.</summary>
[Collection(SharedHost.Name)]
public sealed class PublicTraitTests(NurtureApp app)
{
    [Fact]
    public async Task Identify_WithSalesAndSystemTraits_KeepsTheEvent_DropsAndNamesEachOne()
    {
        var visitor = "poison-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@example.com";
        var other = $"other-{visitor}@example.com";
        var (status, body) = await app.CollectAsync(new[]
        {
            app.Event(visitor, type: "identify", url: null, extra: new
            {
                email,
                traits = new Dictionary<string, object>
                {
                    ["owner"] = "rep-b", ["sales_outcome"] = "won", ["sales_reason"] = "budget", ["email"] = other,
                    ["consent"] = "granted", ["stage"] = "hot", ["engagement"] = 999, ["会社名"] = "ACME",
                    ["jobTitle"] = "CTO", ["Company Name"] = "ACME KK", ["name"] = "Ann",
                },
            }),
        }, userAgent: NurtureApp.BrowserUserAgent);

        Assert.Equal(202, status);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var refused = body.GetProperty("rejected").EnumerateArray().ToList();
        Assert.All(refused, r => Assert.True(r.GetProperty("eventKept").GetBoolean()));
        Assert.Equal(
            ["traits.owner", "traits.sales_outcome", "traits.sales_reason", "traits.email", "traits.consent", "traits.stage", "traits.engagement", "traits.会社名"],
            refused.Select(r => r.GetProperty("field").GetString()));
        // The same places as JSON paths into the batch; a name that is not an ASCII identifier goes in brackets.
        Assert.Equal(
            ["$[0].traits.owner", "$[0].traits.sales_outcome", "$[0].traits.sales_reason", "$[0].traits.email", "$[0].traits.consent", "$[0].traits.stage", "$[0].traits.engagement", "$[0].traits['会社名']"],
            refused.Select(r => r.GetProperty("path").GetString()));

        var lead = await app.LeadByEmailAsync(email, l => l.GetProperty("traits").TryGetProperty("name", out _));
        var traits = lead.GetProperty("traits");
        Assert.Equal(["company_name", "email", "job_title", "name"], traits.EnumerateObject().Select(t => t.Name).Order());
        Assert.Equal(email, traits.GetProperty("email").GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, lead.GetProperty("owner").ValueKind);
        Assert.Equal(JsonValueKind.Null, lead.GetProperty("consent").ValueKind);
        Assert.Equal([email], lead.GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        // The other address was never claimed: nobody owns it.
        using var search = await app.Api().GetAsync($"/api/leads?email={Uri.EscapeDataString(other)}");
        Assert.Equal(404, (int)search.StatusCode);
    }

    [Fact]
    public async Task Pixel_Identify_CannotSetTheOwnerEither()
    {
        var visitor = "pixel-poison-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@example.com";
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/t.gif?siteKey={app.SiteKey}&visitorId={visitor}&type=identify&email={Uri.EscapeDataString(email)}&t.owner=rep-b&t.sales_outcome=won&t.company=ACME");
        request.Headers.UserAgent.ParseAdd(NurtureApp.BrowserUserAgent);
        using var response = await app.CreateClient().SendAsync(request);
        Assert.Equal("image/gif", response.Content.Headers.ContentType?.MediaType);

        var lead = await app.LeadByEmailAsync(email, l => l.GetProperty("traits").TryGetProperty("company", out _));
        Assert.Equal(["company", "email"], lead.GetProperty("traits").EnumerateObject().Select(t => t.Name).Order());
        Assert.Equal(JsonValueKind.Null, lead.GetProperty("owner").ValueKind);
    }

    [Fact]
    public async Task ASitesOwnList_NarrowsWhatItsVisitorsMaySet()
    {
        var site = await app.CreateSiteAsync("Narrow site " + Guid.NewGuid().ToString("N")[..6], []);
        var siteKey = site.GetProperty("siteKey").GetString()!;
        var siteId = site.GetProperty("id").GetString()!;

        var (status, changed) = await app.SendJsonAsync(HttpMethod.Patch, $"/api/sites/{siteId}", new { publicTraits = new[] { "name", "company" } });
        Assert.Equal(200, status);
        Assert.Equal(["name", "company"], changed.GetProperty("publicTraits").EnumerateArray().Select(t => t.GetString()));

        var visitor = "narrow-" + Guid.NewGuid().ToString("N");
        var email = $"{visitor}@example.com";
        var (collected, body) = await app.CollectAsync(new[]
        {
            new { siteKey, visitorId = visitor, type = "identify", email, traits = new { name = "Ann", company = "ACME", jobTitle = "CTO", plan = "pro" } },
        }, userAgent: NurtureApp.BrowserUserAgent);
        Assert.Equal(202, collected);
        Assert.Equal(["traits.job_title", "traits.plan"], body.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("field").GetString()));

        var lead = await app.LeadByEmailAsync(email, l => l.GetProperty("traits").TryGetProperty("company", out _));
        Assert.Equal(["company", "email", "name"], lead.GetProperty("traits").EnumerateObject().Select(t => t.Name).Order());
    }

    [Theory]
    [InlineData("""{"publicTraits": ["owner"]}""", "$.publicTraits[0]")]
    [InlineData("""{"publicTraits": ["Job Title"]}""", "$.publicTraits[0]")]
    [InlineData("""{"publicTraits": "name"}""", "$.publicTraits")]
    [InlineData("""{"allowedOrigins": ["https://a.example/path"]}""", "$.allowedOrigins[0]")]
    [InlineData("""{"color": "red"}""", "$.color")]
    [InlineData("""{"name": "\u0001"}""", "$.name")]
    public async Task SiteChanges_ThatAreWrong_AreRefusedByField(string json, string field)
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Patch, $"/api/sites/{app.SiteId}", json);
        Assert.Equal(400, status);
        Assert.Contains(field, ProblemBody.Of(status, body).Keys);
        var unchanged = await app.Api().GetFromJsonAsync<JsonElement>($"/api/sites/{app.SiteId}");
        Assert.Empty(unchanged.GetProperty("publicTraits").EnumerateArray());
    }
}
