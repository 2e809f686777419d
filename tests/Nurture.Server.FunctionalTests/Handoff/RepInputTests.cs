using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>
/// The rep fields routing reads, and hostile input on the reps, routing and alerts routes: a 400 naming the field,
/// never a 5xx. Nothing here saves a rule order or an active rep, so it shares the hand-off host.
/// </summary>
[Collection(HandoffHost.Name)]
public sealed class RepInputTests(HandoffApp app)
{
    private const string Rep = "\"name\":\"Pat\",\"email\":\"pat@sales.example\",\"capacity\":3,\"active\":false";

    [Fact]
    public async Task RepFields_RoundTrip_AndAPutReplacesThem()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        using var created = await app.Api().PostAsJsonAsync("/api/reps", new
        {
            id = $"full-{tag}", active = false, name = "Fumi 営業 🚀", email = $"fumi-{tag}@sales.example", capacity = 7, countries = new[] { "JP" }, regions = new[] { "東京都", "Kanagawa" },
            timeZone = "Asia/Tokyo", workingHours = new[] { new { day = "Tue", start = "09:30", end = "18:00" }, new { day = "mon", start = "10:00", end = "24:00" } },
            awayFrom = "2030-08-10", awayUntil = "2030-08-16", channels = new[] { "email", "slack" }, slackWebhookUrl = "https://hooks.slack.example/services/T/B/x",
        });
        Assert.Equal(201, (int)created.StatusCode);
        var rep = await app.Api().GetFromJsonAsync<JsonElement>($"/api/reps/full-{tag}");
        Assert.Equal("Fumi 営業 🚀", rep.GetProperty("name").GetString());
        Assert.Equal("Asia/Tokyo", rep.GetProperty("timeZone").GetString());
        // Days in week order, as written lower-case.
        Assert.Equal("[{\"day\":\"mon\",\"start\":\"10:00\",\"end\":\"24:00\"},{\"day\":\"tue\",\"start\":\"09:30\",\"end\":\"18:00\"}]", rep.GetProperty("workingHours").GetRawText());
        Assert.Equal(("2030-08-10", "2030-08-16"), (rep.GetProperty("awayFrom").GetString(), rep.GetProperty("awayUntil").GetString()));
        Assert.Equal(["東京都", "Kanagawa"], rep.GetProperty("regions").EnumerateArray().Select(r => r.GetString()));

        await RoutingTests.PutRepAsync(app, $"full-{tag}", new { name = "Fumi", active = false, email = $"fumi-{tag}@sales.example", capacity = 7 });
        rep = await app.Api().GetFromJsonAsync<JsonElement>($"/api/reps/full-{tag}");
        Assert.Equal(JsonValueKind.Null, rep.GetProperty("timeZone").ValueKind);
        Assert.Equal(0, rep.GetProperty("workingHours").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, rep.GetProperty("awayFrom").ValueKind);
    }

    public static TheoryData<string, string> BadReps() => new()
    {
        { "{\"name\":\"nul \\u0000 inside\",\"email\":\"pat@sales.example\",\"capacity\":3}", "$.name" },
        { "{\"name\":\"\\ud800\",\"email\":\"pat@sales.example\",\"capacity\":3}", "$.name" },
        { $"{{\"name\":\"{new string('n', 100_000)}\",\"email\":\"pat@sales.example\",\"capacity\":3}}", "$.name" },
        { "{\"name\":{\"nested\":1},\"email\":\"pat@sales.example\",\"capacity\":3}", "$.name" },
        { $"{{\"name\":\"Pat\",\"email\":\"{new string('e', 300)}@sales.example\",\"capacity\":3}}", "$.email" },
        { "{\"name\":\"Pat\",\"email\":\"pat@sales.example\",\"capacity\":-1}", "$.capacity" },
        { "{\"name\":\"Pat\",\"email\":\"pat@sales.example\",\"capacity\":100001}", "$.capacity" },
        { "{\"name\":\"Pat\",\"email\":\"pat@sales.example\",\"capacity\":1e12}", "$.capacity" },
        { "{\"id\":\"'; DROP TABLE nurture_reps; --\"," + Rep + "}", "$.id" },
        { "{" + Rep + ",\"timeZone\":\"Mars/Olympus_Mons\"}", "$.timeZone" },
        { "{" + Rep + ",\"timeZone\":\"../../../../etc/passwd\"}", "$.timeZone" },
        { "{" + Rep + ",\"timeZone\":\"Tokyo Standard Time\"}", "$.timeZone" },
        { "{" + Rep + $",\"timeZone\":\"{new string('z', 10_000)}\"}}", "$.timeZone" },
        { "{" + Rep + ",\"timeZone\":540}", "$.timeZone" },
        { "{" + Rep + ",\"workingHours\":\"weekdays\"}", "$.workingHours" },
        { "{" + Rep + ",\"timeZone\":\"UTC\",\"workingHours\":[null]}", "$.workingHours[0]" },
        { "{" + Rep + ",\"timeZone\":\"UTC\",\"workingHours\":[{\"day\":\"funday\",\"start\":\"09:00\",\"end\":\"17:00\"}]}", "$.workingHours[0].day" },
        { "{" + Rep + ",\"timeZone\":\"UTC\",\"workingHours\":[{\"day\":\"mon\",\"start\":\"9am\",\"end\":\"17:00\"}]}", "$.workingHours[0].start" },
        { "{" + Rep + ",\"timeZone\":\"UTC\",\"workingHours\":[{\"day\":\"mon\",\"start\":\"18:00\",\"end\":\"09:00\"}]}", "$.workingHours[0].end" },
        { "{" + Rep + ",\"timeZone\":\"UTC\",\"workingHours\":[{\"day\":\"mon\",\"start\":\"09:00\",\"end\":\"25:00\"}]}", "$.workingHours[0].end" },
        { "{" + Rep + ",\"timeZone\":\"UTC\",\"workingHours\":[{\"day\":\"mon\",\"start\":\"09:00\",\"end\":\"12:00\"},{\"day\":\"MON\",\"start\":\"13:00\",\"end\":\"17:00\"}]}", "$.workingHours[1].day" },
        { "{" + Rep + ",\"timeZone\":\"UTC\",\"workingHours\":[" + string.Join(",", Enumerable.Repeat("{\"day\":\"mon\",\"start\":\"09:00\",\"end\":\"17:00\"}", 8)) + "]}", "$.workingHours" },
        { "{" + Rep + ",\"workingHours\":[{\"day\":\"mon\",\"start\":\"09:00\",\"end\":\"17:00\"}]}", "$.timeZone" },
        { "{" + Rep + ",\"awayFrom\":\"tomorrow\",\"awayUntil\":\"2030-01-02\"}", "$.awayFrom" },
        { "{" + Rep + ",\"awayFrom\":\"2030-02-30\",\"awayUntil\":\"2030-03-02\"}", "$.awayFrom" },
        { "{" + Rep + ",\"awayFrom\":\"2030-01-10\",\"awayUntil\":\"2030-01-09\"}", "$.awayUntil" },
        { "{" + Rep + ",\"awayFrom\":\"2030-01-10\"}", "$.awayUntil" },
        { "{" + Rep + ",\"awayUntil\":20300110}", "$.awayUntil" },
        { "{" + Rep + ",\"webhookUrl\":\"http://10.0.0.5/hook\"}", "$.webhookUrl" },
        { "{" + Rep + ",\"webhookUrl\":\"http://169.254.169.254/latest/meta-data/\"}", "$.webhookUrl" },
        { "{" + Rep + ",\"webhookUrl\":\"http://[::1]:8080/hook\"}", "$.webhookUrl" },
        { "{" + Rep + ",\"slackWebhookUrl\":\"http://192.168.1.10/services/x\"}", "$.slackWebhookUrl" },
        { "{" + Rep + ",\"slackWebhookUrl\":\"javascript:alert(1)\"}", "$.slackWebhookUrl" },
        { "{" + Rep + ",\"slackWebhookUrl\":\"file:///etc/passwd\"}", "$.slackWebhookUrl" },
        { "{" + Rep + $",\"webhookUrl\":\"https://hooks.example.com/{new string('p', 5000)}\"}}", "$.webhookUrl" },
        { "{" + Rep + ",\"regions\":[\"Kanto\\u0007\"]}", "$.regions" },
        { "{" + Rep + ",\"countries\":[" + string.Join(",", Enumerable.Repeat("\"JP\"", 201)) + "]}", "$.countries" },
        { "{" + Rep + ",\"channels\":[\"email\",\"carrier pigeon\"]}", "$.channels" },
        { "{" + Rep + ",\"channels\":[\"slack\"]}", "$.slackWebhookUrl" },
        { "{" + Rep + ",\"channels\":[\"webhook\"],\"slackWebhookUrl\":\"https://hooks.slack.example/x\"}", "$.webhookUrl" },
    };

    [Theory]
    [MemberData(nameof(BadReps))]
    public async Task CreateRep_BadBody_Answers400NamingTheField(string json, string field)
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/reps", json);
        Assert.Equal(400, status);
        Assert.Contains(field, ProblemBody.Of(status, body).Keys);
    }

    [Fact]
    public async Task UpdateRep_BadIdOrUnknown_Answers400Or404()
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Put, "/api/reps/bad%20id'", "{" + Rep + "}");
        Assert.Equal(("id", 400), (ProblemBody.Of(status, body).Key, status));
        Assert.Equal(404, (await app.SendJsonAsync(HttpMethod.Put, "/api/reps/nobody-" + Guid.NewGuid().ToString("N")[..8], "{" + Rep + "}")).Status);
        var (hours, problem) = await app.SendJsonAsync(HttpMethod.Put, "/api/reps/nobody", "{" + Rep + ",\"timeZone\":\"UTC\",\"workingHours\":[{\"day\":\"sun\",\"start\":\"24:00\",\"end\":\"24:00\"}]}");
        Assert.Equal(400, hours);
        Assert.Contains("$.workingHours[0].start", ProblemBody.Of(hours, problem).Keys);
    }

    public static TheoryData<string, string> BadRuleOrders() => new()
    {
        { "", "$" },
        { "[]", "$" },
        { "null", "$" },
        { "{}", "$.rules" },
        { "{\"rules\":\"all of them\"}", "$.rules" },
        { "{\"rules\":[1,2,3]}", "$.rules[0]" },
        { "{\"rules\":[null]}", "$.rules[0]" },
        { "{\"rules\":[{\"kind\":\"owner\",\"enabled\":\"yes\"}]}", "$.rules[0].enabled" },
        { "{\"rules\":[{\"kind\":\"'; DROP TABLE nurture_routing; --\",\"enabled\":true}]}", "$.rules[0].kind" },
        { "{\"rules\":[{\"kind\":{\"a\":1},\"enabled\":true}]}", "$.rules[0].kind" },
        { "{\"rules\":[{\"kind\":\"owner\",\"enabled\":true},{\"kind\":\"owner\",\"enabled\":true}]}", "$.rules[1].kind" },
        { "{\"rules\":[{\"kind\":\"owner\",\"enabled\":true}]}", "$.rules" },
        { "{\"rules\":[" + string.Join(",", Enumerable.Repeat("{\"kind\":\"owner\",\"enabled\":true}", 10_000)) + "]}", "$.rules" },
        { "{\"rules\":[{\"kind\":\"" + new string('k', 100_000) + "\",\"enabled\":true}]}", "$.rules[0].kind" },
    };

    [Theory]
    [MemberData(nameof(BadRuleOrders))]
    public async Task SaveRules_BadBody_Answers400NamingTheField_AndSavesNothing(string json, string field)
    {
        var before = (await app.Api().GetFromJsonAsync<JsonElement>("/api/routing/rules")).GetProperty("rules").GetRawText();
        var (status, body) = await app.SendJsonAsync(HttpMethod.Put, "/api/routing/rules", json);
        Assert.Equal(400, status);
        Assert.Contains(field, ProblemBody.Of(status, body).Keys);
        Assert.Equal(before, (await app.Api().GetFromJsonAsync<JsonElement>("/api/routing/rules")).GetProperty("rules").GetRawText());
    }

    [Theory]
    [InlineData("{}", "$.leadId", 400)]
    [InlineData("{\"leadId\":\"not a lead\"}", "$.leadId", 400)]
    [InlineData("{\"leadId\":42}", "$.leadId", 400)]
    [InlineData("{\"leadId\":[\"6a0e2d4c-1111-4222-8333-944455556666\"]}", "$.leadId", 400)]
    [InlineData("{\"leadId\":\"' OR 1=1 --\"}", "$.leadId", 400)]
    [InlineData("\"6a0e2d4c-1111-4222-8333-944455556666\"", "$", 400)]
    [InlineData("{\"leadId\":\"6a0e2d4c-1111-4222-8333-944455556666\"}", null, 404)]
    [InlineData("{\"leadId\":\"6a0e2d4c-1111-4222-8333-944455556666\",\"rules\":\"mine\"}", "$.rules", 400)]
    [InlineData("{\"leadId\":\"6a0e2d4c-1111-4222-8333-944455556666\",\"rules\":[{\"kind\":\"owner\",\"enabled\":true}]}", "$.rules", 400)]
    [InlineData("{\"leadId\":\"6a0e2d4c-1111-4222-8333-944455556666\",\"rules\":[{\"kind\":\"nope\",\"enabled\":true}]}", "$.rules[0].kind", 400)]
    public async Task RoutingTest_BadOrUnknownLead_Answers400Or404(string json, string? field, int expected)
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/routing/test", json);
        Assert.Equal(expected, status);
        var problem = ProblemBody.Of(status, body);
        if (field is not null) Assert.Contains(field, problem.Keys);
    }

    [Fact]
    public async Task RoutingTest_HugeLeadId_Answers400()
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Post, "/api/routing/test", $"{{\"leadId\":\"{new string('9', 1_000_000)}\"}}");
        Assert.Equal(400, status);
        Assert.Contains("$.leadId", ProblemBody.Of(status, body).Keys);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=99999999999999999999", "limit")]
    [InlineData("?limit=1e3", "limit")]
    [InlineData("?limit=%20", "limit")]
    [InlineData("?status=dead'%20OR%20'1'='1", "status")]
    [InlineData("?status=DEAD", "status")]
    [InlineData("?id=not-an-alert", "id")]
    [InlineData("?id=%27%3B%20DROP%20TABLE%20nurture_alerts%3B", "id")]
    public async Task ListAlerts_BadQuery_Answers400NamingTheParameter(string query, string field)
    {
        var (status, body) = await app.SendJsonAsync(HttpMethod.Get, "/api/alerts" + query);
        Assert.Equal(400, status);
        Assert.Contains(field, ProblemBody.Of(status, body).Keys);
    }

    [Fact]
    public async Task ListAlerts_LimitAndId_NarrowTheList()
    {
        var alertId = await app.EnterHotAsync(Guid.NewGuid(), "narrow-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow);
        var (status, body) = await app.SendJsonAsync(HttpMethod.Get, "/api/alerts?limit=1");
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("alerts").GetArrayLength() <= 1);
        (status, body) = await app.SendJsonAsync(HttpMethod.Get, $"/api/alerts?id={alertId}");
        Assert.Equal(alertId, Assert.Single(body.GetProperty("alerts").EnumerateArray()).GetProperty("id").GetGuid());
        (status, body) = await app.SendJsonAsync(HttpMethod.Get, $"/api/alerts?id={Guid.NewGuid()}");
        Assert.Equal(0, body.GetProperty("alerts").GetArrayLength());
    }
}
