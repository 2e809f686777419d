using System.Net;
using Microsoft.Extensions.Time.Testing;
using Nurture.Handoff.Webhooks;

namespace Nurture.Handoff.Tests.Webhooks;

/// <summary>Each call is signed as it goes out, so a quick retry carries a signature of its own moment.</summary>
public sealed class WebhookSigningHandlerTests
{
    private sealed class Recorder : HttpMessageHandler
    {
        public List<string?> Signatures { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Signatures.Add(request.Headers.TryGetValues(WebhookSigner.Header, out var values) ? string.Join("|", values) : null);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    [Fact]
    public async Task SendAsync_SameRequestTwice_IsSignedAtEachCall_WithOneHeader()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var signer = new WebhookSigner("whsec_test");
        var recorder = new Recorder();
        using var client = new HttpMessageInvoker(new WebhookSigningHandler(signer, time) { InnerHandler = recorder });
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://hooks.example/x");
        request.Options.Set(WebhookSigningHandler.Body, "{}");

        await client.SendAsync(request, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2));
        await client.SendAsync(request, CancellationToken.None);

        Assert.Equal([signer.Sign("{}", DateTimeOffset.FromUnixTimeSeconds(1_800_000_000)), signer.Sign("{}", DateTimeOffset.FromUnixTimeSeconds(1_800_000_002))], recorder.Signatures);
    }

    [Fact]
    public async Task SendAsync_RequestWithoutABodyToSign_IsNotSigned()
    {
        var recorder = new Recorder();
        using var client = new HttpMessageInvoker(new WebhookSigningHandler(new WebhookSigner("s"), TimeProvider.System) { InnerHandler = recorder });

        await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://hooks.example/"), CancellationToken.None);

        Assert.Equal([null], recorder.Signatures);
    }
}
