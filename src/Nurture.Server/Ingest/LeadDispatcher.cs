using System.Text.Json;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Scoring;
using Nurture.Ingest.Pipeline;
using Nurture.Ingest.Spool;

namespace Nurture.Server.Ingest;

/// <summary>
/// Feeds spooled events to lead grains, one call per visitor per batch, in spool order. Grains keep
/// their state in memory; about once a second the dispatcher asks every lead it touched to write its
/// state, and only then moves its checkpoint. After a crash it replays from that checkpoint and the
/// leads' per-visitor watermarks drop what they already had, so each event counts exactly once.
/// </summary>
public sealed partial class LeadDispatcher(
    EventSpool spool,
    IGrainFactory grains,
    LeadAliasWriter aliases,
    IEnumerable<IScoreChangeObserver> observers,
    TimeProvider time,
    ILogger<LeadDispatcher> logger) : BackgroundService
{
    public const string ConsumerName = "leads";
    private const int BatchSize = 2000;
    private const int Concurrency = 32;
    private static readonly TimeSpan PersistInterval = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SpoolConsumerLoop.RunAsync(RunAsync, (ex, backoff) => LogDispatchFailed(ex, backoff.TotalSeconds), time, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var checkpoint = spool.GetCheckpoint(ConsumerName);
        using var reader = spool.OpenReader(checkpoint + 1);
        var touched = new HashSet<Guid>();
        var delivered = checkpoint;
        var lastPersist = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var records = reader.Read(BatchSize);
            if (records.Count > 0)
            {
                await DeliverAsync(records, touched, stoppingToken);
                delivered = records[^1].Seq;
            }
            var now = time.GetUtcNow();
            if (delivered > checkpoint && (records.Count == 0 || now - lastPersist >= PersistInterval))
            {
                await Parallel.ForEachAsync(touched, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = stoppingToken },
                    async (lead, _) => await grains.GetGrain<ILeadGrain>(lead).PersistAsync());
                spool.SaveCheckpoint(ConsumerName, delivered);
                checkpoint = delivered;
                touched.Clear();
                lastPersist = now;
            }
            if (records.Count == 0) await spool.WaitForCommitAfterAsync(reader.NextSeq - 1, TimeSpan.FromSeconds(1), stoppingToken);
        }
    }

    private async Task DeliverAsync(List<SpoolRecord> records, HashSet<Guid> touched, CancellationToken cancellationToken)
    {
        var byVisitor = new Dictionary<string, List<TrackedEvent>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var e = JsonSerializer.Deserialize(record.Payload.Span, SpoolJson.Default.TrackedEvent)!;
            // Bots are stored in ClickHouse for analysis but never become leads or move scores.
            if (e.IsBot) continue;
            var key = LeadIds.VisitorKey(e.SiteId, e.VisitorId);
            if (!byVisitor.TryGetValue(key, out var list)) byVisitor[key] = list = [];
            list.Add(e with { SpoolNode = spool.NodeId, SpoolSeq = record.Seq });
        }
        var applied = new System.Collections.Concurrent.ConcurrentBag<ApplyResult>();
        await Parallel.ForEachAsync(byVisitor, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (pair, _) =>
            {
                var result = await grains.GetGrain<IVisitorIndexGrain>(pair.Key).TrackAsync(pair.Value);
                applied.Add(result);
                // Events were stamped with the visitor's own lead id; when another lead holds them, say so in ClickHouse.
                aliases.Record(pair.Value[0].LeadId, result.LeadId);
            });
        touched.UnionWith(applied.Select(r => r.LeadId));
        var changes = applied.SelectMany(r => r.Changes).ToList();
        if (changes.Count == 0) return;
        // Before the checkpoint moves: what the changes trigger must survive a crash as the events do.
        foreach (var observer in observers) await observer.OnChangesAsync(changes, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering events to leads failed; replaying from the checkpoint in {Seconds} s")]
    private partial void LogDispatchFailed(Exception exception, double seconds);
}
