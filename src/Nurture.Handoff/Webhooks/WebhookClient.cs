using System.Text;
using Nurture.Outbound;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Nurture.Handoff.Alerts;

namespace Nurture.Handoff.Webhooks;

/// <summary>
/// POSTs one delivery (one attempt, with its quick retries): signed JSON with an idempotency key that stays
/// the same across retries and replays.
/// </summary>
public sealed partial class WebhookClient(IHttpClientFactory clients, ILogger<WebhookClient> logger)
{
    /// <summary>The <see cref="IHttpClientFactory"/> client, with the outbound guard, the resilience pipeline and the signing handler (see <see cref="HandoffRegistration.AddHandoff"/>).</summary>
    public const string HttpClientName = "webhooks";
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>The error of an attempt not made because this receiver's recent calls failed (its circuit breaker is open).</summary>
    public const string CircuitOpen = "not called: recent calls to this receiver failed";

    public static string IdempotencyKey(AlertDelivery delivery) => $"{delivery.AlertId:N}:{delivery.Target}";

    /// <summary>
    /// Null when the receiver answered 2xx; otherwise what went wrong, as a status code or a fixed phrase.
    /// It is stored and listed with the alert, so it never carries what the receiver sent (its body, a
    /// garbled status line): the receiver may be a host the caller should not learn about.
    /// </summary>
    public async Task<string?> SendAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        // Signed by WebhookSigningHandler at every call, quick retries included.
        request.Options.Set(WebhookSigningHandler.Body, delivery.Body);
        request.Headers.Add(IdempotencyHeader, IdempotencyKey(delivery));
        request.Headers.UserAgent.ParseAdd("Nurture-Webhooks/1");
        try
        {
            // Headers only: the body is never read (nor buffered, however large a receiver makes it).
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return null;
            return status is >= 300 and < 400 ? $"HTTP {status} (redirects are not followed)" : $"HTTP {status}";
        }
        catch (HttpRequestException ex)
        {
            // The operator's log keeps the detail; the alert keeps the phrase.
            LogCallFailed(delivery.Target, ex);
            return Describe(ex);
        }
        catch (TimeoutRejectedException)
        {
            return "timed out";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
        catch (BrokenCircuitException)
        {
            return CircuitOpen;
        }
    }

    /// <summary>A failed call in a fixed phrase: the guard's refusal, or the kind of failure.</summary>
    internal static string Describe(HttpRequestException exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is OutboundRefusedException refused) return refused.Message;
        }
        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name did not resolve",
            HttpRequestError.ConnectionError => "could not connect",
            HttpRequestError.SecureConnectionError => "the TLS connection could not be established",
            HttpRequestError.ResponseEnded => "the connection closed before an answer",
            HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => "the answer was not valid HTTP",
            HttpRequestError.ConfigurationLimitExceeded => "the answer's headers were too large",
            _ => "the call failed",
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A webhook call to {Target} failed")]
    private partial void LogCallFailed(string target, Exception exception);
}
