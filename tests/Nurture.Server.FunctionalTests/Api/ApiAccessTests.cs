using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Api;

[Collection(SharedHost.Name)]
public sealed class ApiAccessTests(NurtureApp app)
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic dGVzdDp0ZXN0")]
    [InlineData("Bearer ")]
    public async Task Api_WithoutValidKey_Answers401(string? authorization)
    {
        foreach (var path in new[] { "/api/sites", "/api/leads?email=a@b.example", $"/api/leads/{Guid.NewGuid()}", $"/api/leads/{Guid.NewGuid()}/timeline" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var response = await app.CreateClient().SendAsync(request);
            Assert.Equal(401, (int)response.StatusCode);
            Assert.Equal("Authorization", (await ProblemBody.ReadAsync(response)).Key);
        }
    }

    [Theory]
    [InlineData("{}", "$.name")]
    [InlineData("{\"name\":\"\"}", "$.name")]
    [InlineData("{\"name\":42}", "$.name")]
    [InlineData("{\"name\":\"a\\u0000b\"}", "$.name")]
    [InlineData("{\"name\":\"a\\ud800b\"}", "$.name")]
    [InlineData("{\"name\":\"ok\",\"allowedOrigins\":\"https://x.example\"}", "$.allowedOrigins")]
    [InlineData("{\"name\":\"ok\",\"allowedOrigins\":[\"javascript:alert(1)\"]}", "$.allowedOrigins[0]")]
    [InlineData("{\"name\":\"ok\",\"allowedOrigins\":[\"https://x.example/path\"]}", "$.allowedOrigins[0]")]
    [InlineData("{\"name\":\"ok\",\"allowedOrigins\":[\"https://user:pw@x.example\"]}", "$.allowedOrigins[0]")]
    [InlineData("{\"name\":\"ok\",\"Odd Field\":1}", "$['Odd Field']")]
    [InlineData("[1]", "$")]
    [InlineData("{\"name\":", "$")]
    public async Task CreateSite_InvalidBody_Answers400AtItsJsonPath(string json, string key)
    {
        using var response = await app.Api().PostAsync("/api/sites", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(key, (await ProblemBody.ReadAsync(response)).Key);
    }

    [Fact]
    public async Task Sites_CreatedSiteIsListed()
    {
        var site = await app.CreateSiteAsync("Listed 'site' 😀", ["https://listed.example"]);
        var list = await app.Api().GetFromJsonAsync<JsonElement>("/api/sites");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetGuid() == site.GetProperty("id").GetGuid()
                                                    && s.GetProperty("name").GetString() == "Listed 'site' 😀");
    }

    [Theory]
    [InlineData("/api/leads/not-a-guid", 400)]
    [InlineData("/api/leads?email=not-an-email", 400)]
    [InlineData("/api/leads?limit=0x10", 400)]
    [InlineData("/api/leads?email=nobody%40nowhere.example", 404)]
    [InlineData("/api/leads/00000000-0000-0000-0000-000000000001", 404)]
    public async Task Leads_BadOrUnknown_AnswersClearStatus(string path, int expected)
    {
        using var response = await app.Api().GetAsync(path);
        Assert.Equal(expected, (int)response.StatusCode);
        await ProblemBody.ReadAsync(response);
    }

    [Fact]
    public async Task HealthAndMetricsAndOpenApi_Answer()
    {
        var client = app.CreateClient();
        Assert.Equal(200, (int)(await client.GetAsync("/healthz")).StatusCode);
        var ready = await ClickHouseProbe.EventuallyAsync(async () => await client.GetFromJsonAsync<JsonElement>("/readyz"),
            r => r.GetProperty("status").GetString() == "ready");
        Assert.Equal("ok", ready.GetProperty("postgres").GetString());
        // An event moves a lead (a lead-list row, a score change); with nothing more arriving every spool
        // of the node empties: the events' and the two fed from them.
        await app.SendAsBrowserAsync(app.Event("readyz-" + Guid.NewGuid().ToString("N")[..8], url: "https://shop.example.com/pricing"));
        var drained = await ClickHouseProbe.EventuallyAsync(async () => await client.GetFromJsonAsync<JsonElement>("/readyz"),
            r => r.GetProperty("drained").GetBoolean() && r.GetProperty("derivedSpools").GetProperty("profiles").GetProperty("committedSeq").GetInt64() > 0,
            TimeSpan.FromSeconds(30));
        Assert.True(drained.GetProperty("drained").GetBoolean(), drained.ToString());
        Assert.All(new[] { "scores", "profiles" }, key => Assert.Equal(JsonValueKind.Object, drained.GetProperty("derivedSpools").GetProperty(key).GetProperty("lag").ValueKind));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("nurture_events_accepted_total", metrics);
        Assert.Contains("nurture_spool_consumer_lag_events{consumer=\"clickhouse\"}", metrics);
        // A series without labels comes as name{} from the exporter: the same series to Prometheus.
        Assert.Matches(@"\ndotnet_gc_allocated_bytes_total(\{\})? [1-9]", metrics);
        Assert.Matches(@"\ndotnet_gc_collections_total\{generation=""2""\} \d", metrics);
        Assert.Matches(@"\nprocess_cpu_seconds_total(\{\})? [0-9.]+\n", metrics);
        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/collect", out var collect));
        // Each route's problem answers are in the document, as problem+json.
        Assert.True(collect.GetProperty("post").GetProperty("responses").GetProperty("429").GetProperty("content").TryGetProperty("application/problem+json", out _));
        var createLead = openApi.GetProperty("paths").GetProperty("/api/leads").GetProperty("post").GetProperty("responses");
        Assert.All(new[] { "400", "401", "403", "409" }, status => Assert.True(createLead.TryGetProperty(status, out _), status));
    }
}
