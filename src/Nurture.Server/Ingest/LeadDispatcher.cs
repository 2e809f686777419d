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
/// their state in memory; about once a second the dispatcher cuts the set of leads it touched and has
/// them write their state, in the background while it goes on delivering (so a slow write never holds
/// up scoring, flows and alerts), and moves its checkpoint to the cut once all of them have written.
/// After a crash it replays from that checkpoint and the leads' per-visitor watermarks drop what they
/// already had, so each event counts exactly once.
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
        var cut = spool.GetCheckpoint(ConsumerName);
        using var reader = spool.OpenReader(cut + 1);
        var touched = new HashSet<Guid>();
        var delivered = cut;
        var lastCut = time.GetUtcNow();
        // The write of the last cut, if still running; it answers the spool position it makes safe.
        Task<long>? persisting = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var records = reader.Read(BatchSize);
                if (records.Count > 0)
                {
                    await DeliverAsync(records, touched, stoppingToken);
                    delivered = records[^1].Seq;
                }
                if (persisting is { IsCompleted: true })
                {
                    // A failed write throws here: the loop restarts from the last checkpoint and replays.
                    spool.SaveCheckpoint(ConsumerName, await persisting);
                    persisting = null;
                }
                var now = time.GetUtcNow();
                if (persisting is null && delivered > cut && (records.Count == 0 || now - lastCut >= PersistInterval))
                {
                    persisting = PersistAsync([.. touched], delivered, stoppingToken);
                    touched.Clear();
                    cut = delivered;
                    lastCut = now;
                }
                if (records.Count == 0)
                {
                    var committed = spool.WaitForCommitAfterAsync(reader.NextSeq - 1, TimeSpan.FromSeconds(1), stoppingToken);
                    await (persisting is null ? committed : Task.WhenAny(committed, persisting));
                }
            }
        }
        finally
        {
            // Not left running unobserved; its checkpoint is not saved (the replay covers it).
            if (persisting is not null) await ((Task)persisting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Has every lead of a cut write its state; answers the cut's spool position.</summary>
    private async Task<long> PersistAsync(IReadOnlyList<Guid> leads, long upTo, CancellationToken stoppingToken)
    {
        await Parallel.ForEachAsync(leads, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = stoppingToken },
            async (lead, _) => await grains.GetGrain<ILeadGrain>(lead).PersistAsync());
        return upTo;
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
        await observers.NotifyAllAsync(changes, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering events to leads failed; replaying from the checkpoint in {Seconds} s")]
    private partial void LogDispatchFailed(Exception exception, double seconds);
}
