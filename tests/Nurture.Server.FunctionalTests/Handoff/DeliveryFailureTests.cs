using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Handoff;

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

        failing.Status = 200;
        using (var replay = await api.PostAsync($"/api/alerts/{alertId}/replay", null)) Assert.Equal(202, (int)replay.StatusCode);
        await failing.WaitForAsync(_ => true, count: 4 * callsPerAttempt + 1);
        await ClickHouseProbe.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>("/api/alerts?status=delivered"),
            d => d.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("id").GetGuid() == alertId));
        Assert.Single(failing.Received.Select(r => r.IdempotencyKey).Distinct());
        Assert.Equal(404, (int)(await api.PostAsync($"/api/alerts/{Guid.NewGuid()}/replay", null)).StatusCode);
    }

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
