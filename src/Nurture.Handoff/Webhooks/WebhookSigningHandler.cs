namespace Nurture.Handoff.Webhooks;

/// <summary>
/// Signs each webhook call as it goes out, inside the resilience pipeline, so a quick retry carries a
/// signature of its own moment like every attempt: receivers refusing old timestamps refuse none of ours.
/// </summary>
public sealed class WebhookSigningHandler(WebhookSigner signer, TimeProvider time) : DelegatingHandler
{
    /// <summary>The body to sign, set by <see cref="WebhookClient"/> (the content is not read back to sign it).</summary>
    public static readonly HttpRequestOptionsKey<string> Body = new("Nurture.WebhookBody");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Body, out var body))
        {
            request.Headers.Remove(WebhookSigner.Header);
            request.Headers.Add(WebhookSigner.Header, signer.Sign(body, time.GetUtcNow()));
        }
        return base.SendAsync(request, cancellationToken);
    }
}
