using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Security;

/// <summary>CORS for refused origins, fields given twice, bodies too deep to parse, and edits stored exactly as sent.</summary>
[Collection(SharedHost.Name)]
public sealed class PublicEdgeTests(NurtureApp app)
{
    [Fact]
    public async Task Collect_FromAnOriginTheSiteRefuses_GetsNoAllowOrigin_AndAnAllowedOneDoes()
    {
        var site = await app.CreateSiteAsync("Origins " + Guid.NewGuid().ToString("N")[..6], ["https://good.example"]);
        var siteKey = site.GetProperty("siteKey").GetString()!;
        var visitor = "cors-" + Guid.NewGuid().ToString("N");

        using var evil = await PostAsync("https://evil.example", $$"""[{"siteKey":"{{siteKey}}","visitorId":"{{visitor}}","type":"page_view"}]""");
        Assert.Equal(400, (int)evil.StatusCode);
        Assert.False(evil.Headers.Contains("Access-Control-Allow-Origin"));
        // The Origin header is refused, not a field of the event.
        Assert.Equal("Origin", (await ProblemBody.ReadAsync(evil)).Key);

        using var broken = await PostAsync("https://evil.example", "{not json");
        Assert.Equal(400, (int)broken.StatusCode);
        Assert.False(broken.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("$", (await ProblemBody.ReadAsync(broken)).Key);

        using var good = await PostAsync("https://good.example", $$"""[{"siteKey":"{{siteKey}}","visitorId":"{{visitor}}","type":"page_view"}]""");
        Assert.Equal(202, (int)good.StatusCode);
        Assert.Equal("https://good.example", good.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Collect_AnEventWithAFieldTwice_IsRefusedByThatField_AndTheOthersAreKept()
    {
        var visitor = "twice-" + Guid.NewGuid().ToString("N");
        var (status, body) = await app.CollectAsync($$"""
            [{"siteKey":"{{app.SiteKey}}","visitorId":"{{visitor}}","visitorId":"someone-else","type":"page_view"},
             {"siteKey":"{{app.SiteKey}}","visitorId":"{{visitor}}","type":"page_view"}]
            """);
        Assert.Equal(202, status);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var refused = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal((0, "visitorId", "$[0].visitorId"),
            (refused.GetProperty("index").GetInt32(), refused.GetProperty("field").GetString(), refused.GetProperty("path").GetString()));
    }

    [Theory]
    [InlineData("POST", "/api/leads")]
    [InlineData("PATCH", "/api/leads/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", "/api/sites")]
    public async Task ABodyNestedTooDeep_IsA400ProblemAboutTheBody(string method, string path)
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        var (status, body) = await app.SendJsonAsync(new HttpMethod(method), path, deep);
        Assert.Equal(400, status);
        var problem = ProblemBody.Of(status, body);
        // The whole body, or the depth where the reader stopped ($[0][0]…).
        Assert.StartsWith("$", problem.Key);
        Assert.Contains("depth", problem.Reason(problem.Key));
    }

    [Fact]
    public async Task LeadEdit_StoresValuesExactlyAsSent_OrRefusesThemByField()
    {
        var email = $"exact-{Guid.NewGuid():N}@example.com";
        var (created, lead) = await app.SendJsonAsync(HttpMethod.Post, "/api/leads", new { traits = new { email } });
        Assert.Equal(201, created);
        var id = lead.GetProperty("leadId").GetGuid();

        var exact = new Dictionary<string, string> { ["company"] = "  Acme  ", ["note"] = "\u2029line\u2028two\u2029", ["city"] = "\u3000Tokyo" };
        var (status, _) = await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{id}", new { traits = exact });
        Assert.Equal(200, status);
        var traits = (await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}")).GetProperty("traits");
        foreach (var (name, value) in exact) Assert.Equal(value, traits.GetProperty(name).GetProperty("value").GetString());

        foreach (var (json, field) in new[]
        {
            ("""{"traits":{"company":"   "}}""", "$.traits.company"),
            ("""{"traits":{"company":"\u2029"}}""", "$.traits.company"),
            ("""{"traits":{"company":" Acme\u0001 "}}""", "$.traits.company"),
            ("""{"traits":{"company":"\ud800"}}""", "$.traits.company"),
            ("""{"owner":"   "}""", "$.owner"),
            ("""{"owner":"rep\u0000"}""", "$.owner"),
            ("""{"consent":{"status":"granted","source":"  "}}""", "$.consent.source"),
        })
        {
            var (refused, body) = await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{id}", json);
            Assert.Equal(400, refused);
            Assert.Equal(field, ProblemBody.Of(refused, body).Key);
        }
        var after = (await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}")).GetProperty("traits");
        Assert.Equal("  Acme  ", after.GetProperty("company").GetProperty("value").GetString());

        // Null is how a trait is cleared.
        Assert.Equal(200, (await app.SendJsonAsync(HttpMethod.Patch, $"/api/leads/{id}", """{"traits":{"company":null}}""")).Status);
        var cleared = (await app.Api().GetFromJsonAsync<JsonElement>($"/api/leads/{id}")).GetProperty("traits");
        Assert.False(cleared.TryGetProperty("company", out _));
    }

    private async Task<HttpResponseMessage> PostAsync(string origin, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/collect") { Content = new StringContent(json, Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", origin);
        return await app.CreateClient().SendAsync(request);
    }
}
