using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nurture.Server.FunctionalTests.Handoff;
using Nurture.Outbound;
using Nurture.Handoff.Alerts;
using Nurture.Handoff.Webhooks;

namespace Nurture.Server.FunctionalTests.Outbound;

/// <summary>
/// The outbound clients' resilience pipeline with real receivers on loopback: what is tried again within one
/// attempt (a blip, 5xx, 429 with a short Retry-After), what never is (4xx, a call the guard refuses), and the
/// circuit breaker per receiver. The host allows 127.0.0.2 and hooks.allowed.test only.
/// </summary>
[Collection(OutboundHost.Name)]
public sealed class OutboundResilienceTests(OutboundApp app)
{
    [Fact]
    public async Task Delivery_ReceiverFailingTwiceThenAnswering_IsDeliveredInOneAttempt_WithOneKeyAndEachCallSigned()
    {
        using var receiver = new WebhookReceiver(OutboundApp.AllowedAddress);
        receiver.AnswerNext(503);
        receiver.AnswerNext(500);
        await app.OnlyRepAsync(new { id = "blip", name = "Bea", email = "bea@sales.example", capacity = 5, channels = new[] { "webhook" },
            webhookUrl = receiver.Url + "hook" });
        var alertId = await app.EnterHotAsync(Guid.NewGuid(), "blip", DateTimeOffset.UtcNow);

        var delivery = OutboundApp.Delivery(await app.SettledAsync(alertId, "rep-webhook:blip"), "rep-webhook:blip")!.Value;
        Assert.Equal("delivered", delivery.GetProperty("status").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        var calls = receiver.Received.Where(r => r.Body.Contains(alertId.ToString())).ToList();
        Assert.Equal(3, calls.Count);
        Assert.Single(calls.Select(c => c.IdempotencyKey).Distinct());
        var secret = app.Services.GetRequiredService<WebhookSigner>().Secret;
        Assert.All(calls, c => Assert.True(SignatureVerifier.Verify(secret, c.Signature, c.Body, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task Call_AnsweredBadRequest_IsNotMadeAgain()
    {
        using var receiver = new WebhookReceiver(OutboundApp.AllowedAddress) { Status = 400 };

        Assert.Equal("HTTP 400", await SendAsync(receiver.Url + "bad"));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Call_RefusedByTheGuard_IsNotTriedAgain()
    {
        const string name = "once.intranet.test";
        app.Resolver.Answer(name, "10.1.2.3");

        var error = await SendAsync($"http://{name}:8080/hook");

        Assert.Equal($"refused: {name} resolves only to internal addresses (10.1.2.3 is a private address)", error);
        Assert.Equal(1, app.Resolver.Lookups(name));
    }

    [Fact]
    public async Task Call_Answered429WithAShortRetryAfter_IsMadeAgainAfterThatWait()
    {
        using var receiver = new WebhookReceiver(OutboundApp.AllowedAddress);
        receiver.AnswerNext(429, retryAfter: "1");

        Assert.Null(await SendAsync(receiver.Url + "busy"));
        var calls = receiver.Received;
        Assert.Equal(2, calls.Count);
        // The quick retries' own first wait is about 200 ms: a second is the receiver's.
        Assert.InRange(Stopwatch.GetElapsedTime(calls[0].ArrivedAt, calls[1].ArrivedAt), TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Call_Answered429WithALongRetryAfter_IsLeftToTheDurableSchedule()
    {
        using var receiver = new WebhookReceiver(OutboundApp.AllowedAddress);
        receiver.AnswerNext(429, retryAfter: "30");

        Assert.Equal("HTTP 429", await SendAsync(receiver.Url + "later"));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task CircuitBreaker_ReceiverFailingManyCalls_IsNotCalledForAWhile_WhileAnotherReceiverOnTheSameHostIs()
    {
        using var failing = new WebhookReceiver(OutboundApp.AllowedAddress) { Status = 503 };
        using var healthy = new WebhookReceiver(OutboundApp.AllowedAddress);

        // Each attempt is three calls: seven attempts make the 20 failures the breaker waits for.
        string? error = null;
        for (var attempt = 0; attempt < 7 && error != WebhookClient.CircuitOpen; attempt++) error = await SendAsync(failing.Url + "down");
        Assert.Equal(WebhookClient.CircuitOpen, error);
        var calls = failing.Received.Count;
        Assert.Equal(OutboundResilience.BreakerMinimumThroughput, calls);

        Assert.Equal(WebhookClient.CircuitOpen, await SendAsync(failing.Url + "down"));
        Assert.Equal(calls, failing.Received.Count);
        Assert.Null(await SendAsync(healthy.Url + "up"));
        Assert.Single(healthy.Received);
    }

    private Task<string?> SendAsync(string url) => app.Services.GetRequiredService<WebhookClient>()
        .SendAsync(new AlertDelivery(Guid.NewGuid(), "test", "webhook", url, "{\"test\":true}", 1), CancellationToken.None);
}
