using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>A received webhook call: headers, body, and when it arrived (Stopwatch ticks).</summary>
public sealed record ReceivedWebhook(string Path, string? Signature, string? IdempotencyKey, string Body, long ArrivedAt);

/// <summary>A real HTTP receiver on a free loopback port, answering <see cref="Status"/> to every call (once <see cref="AnswerGate"/> lets it).</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();

    public WebhookReceiver()
    {
        Url = $"http://127.0.0.1:{TestEnvironment.FreePort()}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }
    public volatile int Status = 200;

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
            received.Enqueue(new(context.Request.Url!.AbsolutePath, context.Request.Headers["Nurture-Signature"],
                context.Request.Headers["Idempotency-Key"], body, Stopwatch.GetTimestamp()));
            await AnswerGate;
            context.Response.StatusCode = Status;
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The caller went away (killed) while the call was held: nothing to answer.
        }
    }

    public void Dispose() => listener.Close();
}
