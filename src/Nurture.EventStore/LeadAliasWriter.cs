using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nurture.EventStore;

/// <summary>
/// Keeps ClickHouse's lead_aliases (merged lead id → survivor) current, so analytics that join events
/// to leads see one person. Fed by the lead dispatcher whenever a visitor's events land in a lead
/// other than the one stamped at ingest. Rows are idempotent (ReplacingMergeTree), so a pair is
/// simply sent again after a restart or a failed write; the API itself reads merged ids from the lead.
/// </summary>
public sealed partial class LeadAliasWriter(ClickHouseStore store, TimeProvider time, ILogger<LeadAliasWriter> logger) : BackgroundService
{
    private const int RememberedPairs = 1_000_000;
    private readonly ConcurrentDictionary<(Guid Merged, Guid Survivor), bool> written = new();
    private readonly ConcurrentQueue<(Guid Merged, Guid Survivor)> pending = new();

    public void Record(Guid merged, Guid survivor)
    {
        if (merged == survivor || written.ContainsKey((merged, survivor))) return;
        pending.Enqueue((merged, survivor));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var batch = new HashSet<(Guid, Guid)>();
            while (batch.Count < 10_000 && pending.TryDequeue(out var pair)) batch.Add(pair);
            if (batch.Count == 0) continue;
            try
            {
                using var rows = new MemoryStream();
                var writer = new JsonRowWriter();
                var now = time.GetUtcNow().ToUnixTimeSeconds();
                foreach (var (merged, survivor) in batch)
                {
                    writer.Begin().Uuid("merged_id", merged).Uuid("survivor_id", survivor)
                        .Number("merged_at", now).EndTo(rows);
                }
                rows.Position = 0;
                await store.InsertJsonRowsAsync("lead_aliases", rows, stoppingToken);
                if (written.Count > RememberedPairs) written.Clear();
                foreach (var pair in batch) written[pair] = true;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogWriteFailed(ex, batch.Count);
                foreach (var pair in batch) pending.Enqueue(pair);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} lead aliases to ClickHouse failed; will retry")]
    private partial void LogWriteFailed(Exception exception, int count);
}
