using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>A received webhook call: method, path, headers, body, and when it arrived (Stopwatch ticks).</summary>
public sealed record ReceivedWebhook(string Method, string Path, string? Signature, string? IdempotencyKey, string Body, long ArrivedAt);

/// <summary>A real HTTP receiver on a free loopback port, answering <see cref="Status"/> to every call (once <see cref="AnswerGate"/> lets it).</summary>
/// <param name="address">The loopback address it listens on: 127.0.0.1, or another of 127/8 for a receiver the tests allow apart.</param>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> script = new();

    public WebhookReceiver(string address = "127.0.0.1")
    {
        Url = $"http://{address}:{TestEnvironment.FreePort()}/";
        listener.Prefixes.Add(Url);
        // Calls addressed to localhost arrive here too (HttpListener matches the Host header), so a test
        // can see whether a call to that name, resolved by the system, would have reached this receiver.
        if (address == "127.0.0.1") listener.Prefixes.Add($"http://localhost:{Port}/");
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }
    public int Port => new Uri(Url).Port;
    private volatile int status = 200;

    public int Status { get => status; set => status = value; }

    /// <summary>Sent as the Location header with every answer when set (with a 3xx <see cref="Status"/>: a redirect).</summary>
    public string? Location { get; set; }

    /// <summary>Answers the next call with this status (and Retry-After header, when given), before the calls after it get <see cref="Status"/> again.</summary>
    public void AnswerNext(int status, string? retryAfter = null) => script.Enqueue((status, retryAfter));

    /// <summary>Written as the body of every answer when set.</summary>
    public string? AnswerBody { get; set; }

    public IReadOnlyList<ReceivedWebhook> Received => received.ToList();

    public async Task<List<ReceivedWebhook>> WaitForAsync(Func<ReceivedWebhook, bool> match, int count = 1, TimeSpan? timeout = null) =>
        await ClickHouseProbe.EventuallyAsync(() => Task.FromResult(received.Where(match).ToList()), l => l.Count >= count, timeout ?? TimeSpan.FromSeconds(20));

    /// <summary>Each call waits for this before it is answered (it is recorded on arrival): hold it to keep a delivery in flight.</summary>
    public Task AnswerGate { get; set; } = Task.CompletedTask;

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            // One task per call, so a held call does not keep the next one waiting.
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            received.Enqueue(new(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Headers["Nurture-Signature"],
                context.Request.Headers["Idempotency-Key"], body, Stopwatch.GetTimestamp()));
            await AnswerGate;
            var (status, retryAfter) = script.TryDequeue(out var next) ? next : (Status, null);
            context.Response.StatusCode = status;
            if (retryAfter is not null) context.Response.Headers["Retry-After"] = retryAfter;
            if (Location is { } location) context.Response.RedirectLocation = location;
            if (AnswerBody is { } answer) await context.Response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(answer));
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The caller went away (killed) while the call was held: nothing to answer.
        }
    }

    public void Dispose() => listener.Close();
}
