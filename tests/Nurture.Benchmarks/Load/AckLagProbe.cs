using System.Collections.Concurrent;
using System.Diagnostics;
using Nurture.Benchmarks.Load.Traffic;

namespace Nurture.Benchmarks.Load;

public sealed record AckLagResult(int Acknowledged, int Landed, TimeSpan PollInterval, Percentiles Lag);

/// <summary>
/// Time from acknowledgement to the row in ClickHouse, measured from outside: while other load runs,
/// it sends a pixel event to its own site every <see cref="SendInterval"/>, notes when the GIF came
/// back, and polls ClickHouse for those event ids. A row's lag is the end of the first poll that saw it
/// minus its acknowledgement: an upper bound, too high by at most one poll.
/// </summary>
public sealed class AckLagProbe : IAsyncDisposable
{
    private static readonly TimeSpan SendInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly ClickHouseHttp clickHouse;
    private readonly string database;
    private readonly BenchSite site;
    private readonly string runTag;
    private readonly HttpClient http;
    private readonly ConcurrentDictionary<string, long> pending = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<double> lags = [];
    private readonly CancellationTokenSource stopSending = new();
    private readonly CancellationTokenSource stopPolling = new();
    private readonly Task sender;
    private readonly Task poller;
    private int sent;
    private int acknowledged;

    public AckLagProbe(Uri server, BenchSite site, ClickHouseHttp clickHouse, string database, string runTag)
    {
        this.clickHouse = clickHouse;
        this.database = database;
        this.site = site;
        this.runTag = runTag;
        http = LoadHttp.Create(server, 4);
        sender = Task.Run(SendLoopAsync);
        poller = Task.Run(PollLoopAsync);
    }

    /// <summary>Stops sending, waits a while for the rows still missing, and reports; rows missing after that count as not landed.</summary>
    public async Task<AckLagResult> StopAsync(TimeSpan waitForStragglers)
    {
        await stopSending.CancelAsync();
        await sender;
        var clock = Stopwatch.StartNew();
        while (!pending.IsEmpty && clock.Elapsed < waitForStragglers) await Task.Delay(PollInterval);
        await stopPolling.CancelAsync();
        await poller;
        return new AckLagResult(acknowledged, lags.Count, PollInterval, Percentiles.Of(lags));
    }

    private async Task SendLoopAsync()
    {
        using var timer = new PeriodicTimer(SendInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopSending.Token))
            {
                var n = sent++;
                var eventId = $"{runTag}-{n}";
                var path = $"/t.gif?siteKey={site.Key}&visitorId=probe{n % 50}&eventId={eventId}&type=page_view&url={Uri.EscapeDataString(site.Origin + "/probe")}";
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.TryAddWithoutValidation("User-Agent", TrafficVocabulary.UserAgents[0]);
                using var response = await http.SendAsync(request, stopSending.Token);
                await response.Content.ReadAsByteArrayAsync(stopSending.Token);
                if (!response.IsSuccessStatusCode) continue;
                pending[eventId] = Stopwatch.GetTimestamp();
                acknowledged++;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task PollLoopAsync()
    {
        while (!stopPolling.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, stopPolling.Token);
                var waiting = pending.Keys.ToList();
                if (waiting.Count == 0) continue;
                var ids = string.Join(',', waiting.Select(id => $"'{id}'"));
                var found = await clickHouse.QueryAsync(
                    $"SELECT event_id FROM events WHERE site_id = '{site.Id}' AND event_id IN ({ids}) FORMAT TabSeparated", database, stopPolling.Token);
                var seenAt = Stopwatch.GetTimestamp();
                foreach (var id in found.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (pending.TryRemove(id, out var acknowledgedAt))
                        lags.Add(Stopwatch.GetElapsedTime(acknowledgedAt, seenAt).TotalMilliseconds);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopSending.CancelAsync();
        await stopPolling.CancelAsync();
        await Task.WhenAll(sender, poller);
        http.Dispose();
        stopSending.Dispose();
        stopPolling.Dispose();
    }
}
