using System.Text;
using Microsoft.Extensions.Options;

namespace Nurture.Server.Handoff;

/// <summary>POSTs one delivery: signed JSON with an idempotency key that stays the same across retries and replays.</summary>
public sealed class WebhookClient(WebhookSigner signer, IOptions<HandoffOptions> options, TimeProvider time) : IDisposable
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = options.Value.RequestTimeout,
    };

    public static string IdempotencyKey(AlertDelivery delivery) => $"{delivery.AlertId:N}:{delivery.Target}";

    /// <summary>Null when the receiver answered 2xx; otherwise what went wrong.</summary>
    public async Task<string?> SendAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        // Signed at every attempt, so the timestamp is fresh and receivers can refuse old ones.
        request.Headers.Add(WebhookSigner.Header, signer.Sign(delivery.Body, time.GetUtcNow()));
        request.Headers.Add(IdempotencyHeader, IdempotencyKey(delivery));
        request.Headers.UserAgent.ParseAdd("Nurture-Webhooks/1");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
    }

    public void Dispose() => http.Dispose();
}
