using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Nurture.Benchmarks.Shared;

namespace Nurture.Benchmarks.Load;

/// <summary>
/// The workspace webhook of the run: a loopback HTTP listener that notes when the first alert for each
/// lead arrived (Stopwatch ticks) and answers 200 at once, like a customer's endpoint would.
/// </summary>
public sealed class AlertReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<Guid, long> firstAlert = new();
    private readonly Task loop;

    public AlertReceiver()
    {
        var port = FreePorts.Next();
        Url = $"http://127.0.0.1:{port}/alerts";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(ListenAsync);
    }

    public string Url { get; }

    /// <summary>When the first alert naming the lead arrived, or null.</summary>
    public long? ArrivedAt(Guid leadId) => firstAlert.TryGetValue(leadId, out var at) ? at : null;

    private async Task ListenAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var arrived = Stopwatch.GetTimestamp();
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
                if (body.RootElement.TryGetProperty("lead", out var lead) && lead.TryGetProperty("id", out var id) && id.TryGetGuid(out var leadId))
                    firstAlert.TryAdd(leadId, arrived);
                context.Response.StatusCode = 200;
            }
            catch (JsonException)
            {
                context.Response.StatusCode = 400;
            }
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
