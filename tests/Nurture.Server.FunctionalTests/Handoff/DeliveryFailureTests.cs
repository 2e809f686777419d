using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Handoff;
using Nurture.Http;

namespace Nurture.Server.FunctionalTests.Handoff;

public sealed class DeliveryFailureTests(HandoffApp app) : IClassFixture<HandoffApp>
{
    [Fact]
    public async Task FailingReceiver_IsRetriedWithTheSameKey_ThenDeadLettered_AndReplayDelivers()
    {
        var api = app.Api();
        using var failing = new WebhookReceiver { Status = 500 };
        (await api.PostAsJsonAsync("/api/reps", new { id = "bob", name = "Bob", email = "bob@sales.example", capacity = 5, webhookUrl = failing.Url + "hook" }))
            .EnsureSuccessStatusCode();
        var alertId = await app.EnterHotAsync(Guid.NewGuid(), "trigger", DateTimeOffset.UtcNow);

        var dead = await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>("/api/alerts?status=dead"),
            d => d.GetProperty("alerts").GetArrayLength() > 0);
        var alert = Assert.Single(dead.GetProperty("alerts").EnumerateArray());
        Assert.Equal(alertId, alert.GetProperty("id").GetGuid());
        var delivery = alert.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("target").GetString() == "rep-webhook:bob");
        Assert.Equal("dead", delivery.GetProperty("status").GetString());
        Assert.Equal(4, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal("HTTP 500", delivery.GetProperty("lastError").GetString());
        // Each of the 4 attempts is a call and its quick retries.
        var callsPerAttempt = 1 + app.Services.GetRequiredService<IOptions<HandoffOptions>>().Value.QuickRetries;
        Assert.Equal(4 * callsPerAttempt, failing.Received.Count);
        Assert.Single(failing.Received.Select(r => r.IdempotencyKey).Distinct());
        // The workspace webhook is delivered on its own, whatever the rep's does.
        Assert.Single(await app.Workspace.WaitForAsync(r => r.Body.Contains(alertId.ToString())));
        // The alert log: each attempt with its outcome, error and the retry it scheduled; the last one dead.
        var history = delivery.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["retry", "retry", "retry", "dead"], history.Select(h => h.GetProperty("outcome").GetString()));
        Assert.Equal([1, 2, 3, 4], history.Select(h => h.GetProperty("attempt").GetInt32()));
        Assert.All(history, h => Assert.Equal("HTTP 500", h.GetProperty("error").GetString()));
        Assert.All(history.Take(3), h => Assert.True(h.GetProperty("nextAttemptAt").GetDateTimeOffset() > h.GetProperty("at").GetDateTimeOffset()));
        Assert.Equal(JsonValueKind.Null, history[3].GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal("Bob", alert.GetProperty("repName").GetString());
        // The log as a spreadsheet: a row per delivery, the dead webhook with its attempts and error.
        var csv = await (await api.GetAsync($"/api/alerts?id={alertId}&format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("\uFEFFAlert,Triggered at,Lead,Lead email,Rep,Alert status,Reason,Delivery,Delivery status,Attempts,Delivered at,Last error", csv);
        Assert.Contains(",Bob,", csv);
        Assert.Contains(",dead,4,,HTTP 500", csv);

        // A webhook's URL is its secret: a marketer reads the team and the log with only where it points.
        var (marketerKey, _) = await Access.AccessSetup.CreateKeyAsync(app, Roles.Marketer);
        using var marketer = Access.AccessSetup.Client(app, marketerKey);
        var hidden = $"{new Uri(failing.Url).GetLeftPart(UriPartial.Authority)}/…";
        Assert.Equal(hidden, (await marketer.GetFromJsonAsync<JsonElement>("/api/reps/bob")).GetProperty("webhookUrl").GetString());
        Assert.Contains((await marketer.GetFromJsonAsync<JsonElement>("/api/reps")).EnumerateArray(),
            r => r.GetProperty("id").GetString() == "bob" && r.GetProperty("webhookUrl").GetString() == hidden);
        var seen = await marketer.GetFromJsonAsync<JsonElement>($"/api/alerts?id={alertId}");
        Assert.Equal(hidden, seen.GetProperty("alerts")[0].GetProperty("deliveries").EnumerateArray()
            .Single(d => d.GetProperty("target").GetString() == "rep-webhook:bob").GetProperty("url").GetString());
        Assert.Equal(failing.Url + "hook", (await api.GetFromJsonAsync<JsonElement>("/api/reps/bob")).GetProperty("webhookUrl").GetString());
        // The rep's email is the alert's third channel, through the outbox.
        var email = await ClickHouseProbe.EventuallyAsync(() => AlertAsync(api, alertId), a => a.GetProperty("emails").GetArrayLength() > 0);
        Assert.Equal(("bob@sales.example", "handoff-alert"), (email.GetProperty("emails")[0].GetProperty("to").GetString(), email.GetProperty("emails")[0].GetProperty("kind").GetString()));

        failing.Status = 200;
        using (var replay = await api.PostAsync($"/api/alerts/{alertId}/replay", null)) Assert.Equal(202, (int)replay.StatusCode);
        await failing.WaitForAsync(_ => true, count: 4 * callsPerAttempt + 1);
        await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>("/api/alerts?status=delivered"),
            d => d.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("id").GetGuid() == alertId));
        Assert.Single(failing.Received.Select(r => r.IdempotencyKey).Distinct());
        var replayed = (await AlertAsync(api, alertId)).GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("target").GetString() == "rep-webhook:bob");
        var after = replayed.GetProperty("history").EnumerateArray().Skip(4).ToList();
        Assert.Equal(["replayed", "delivered"], after.Select(h => h.GetProperty("outcome").GetString()));
        Assert.False(string.IsNullOrEmpty(after[0].GetProperty("actor").GetString()));
        Assert.Equal(1, after[1].GetProperty("attempt").GetInt32());
        Assert.Equal(404, (int)(await api.PostAsync($"/api/alerts/{Guid.NewGuid()}/replay", null)).StatusCode);
    }

    private static async Task<JsonElement> AlertAsync(HttpClient api, Guid alertId) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == alertId);

    [Theory]
    [InlineData("ftp://hooks.example.com/x", "must be an http or https URL")]
    [InlineData("https://user:secret@hooks.example.com/x", "must not contain credentials")]
    [InlineData("hooks.example.com/x", "must be an absolute URL")]
    public async Task WebhookTargets_AreValidatedWhenSaved(string url, string reason)
    {
        using var response = await app.Api().PostAsJsonAsync("/api/reps", new { name = "Eve", email = "eve@sales.example", capacity = 1, slackWebhookUrl = url });
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(reason, Assert.Single((await ProblemBody.ReadAsync(response)).At("$.slackWebhookUrl")));
    }
}
