using System.Text.Json;
using Nurture.Abstractions;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Scoring;
using Nurture.Spool;
using Microsoft.Extensions.Options;

namespace Nurture.Server.Ingest;

/// <summary>
/// Feeds spooled events to lead grains, one call per visitor per batch, in spool order: to the
/// visitor's own lead (the id ingest stamped), which forwards to its survivor if it merged. Grains keep
/// their state in memory and write it behind: a lead that has held events unwritten for
/// <see cref="LeadWriteOptions.WriteAfter"/> (or any lead, once the spool is idle) is asked to write,
/// in the background while delivery goes on, so a slow write never holds up scoring, flows and alerts.
/// The checkpoint stays before the first event some lead still holds only in memory. After a crash the
/// dispatcher replays from it and the leads' per-visitor watermarks drop what they already had, so
/// each event counts exactly once.
/// </summary>
public sealed partial class LeadDispatcher(
    EventSpool spool,
    IGrainFactory grains,
    LeadAliasWriter aliases,
    IEnumerable<IScoreChangeObserver> observers,
    IOptions<LeadWriteOptions> options,
    TimeProvider time,
    ILogger<LeadDispatcher> logger) : BackgroundService
{
    public const string ConsumerName = "leads";
    private const int BatchSize = SpoolReader.MaxPerRead;
    private const int Concurrency = 32;
    // Few writers at once: PostgreSQL shares its CPU per backend, and the hand-off's queries must not
    // queue behind dozens of lead writes; a lead is also busy (undeliverable) while it writes.
    private const int WriteConcurrency = 8;
    // A round of writes is bounded, so the checkpoint keeps moving while a large backlog of leads writes.
    private const int WritesPerRound = 4096;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly GrainReferences<ILeadGrain> leadGrains = new(grains, grains.GetGrain<ILeadGrain>(Guid.Empty));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SpoolConsumerLoop.RunAsync(RunAsync, (ex, backoff) => LogDispatchFailed(ex, backoff.TotalSeconds), time, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var saved = spool.GetCheckpoint(ConsumerName);
        using var reader = spool.OpenReader(saved + 1);
        var unwritten = new UnwrittenLeads();
        var delivered = saved;
        var lastTick = time.GetUtcNow();
        var lastDelivery = lastTick;
        // The write in flight, if any; one at a time, and the checkpoint moves only between writes.
        Task? writing = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var records = reader.Read(BatchSize);
                var now = time.GetUtcNow();
                if (records.Count > 0)
                {
                    var touched = await DeliverAsync(records, stoppingToken);
                    unwritten.Add(touched, records[0].Seq, now);
                    delivered = records[^1].Seq;
                    lastDelivery = now;
                }
                if (writing is { IsCompleted: true })
                {
                    // A failed write throws here: the loop restarts from the last checkpoint and replays.
                    await writing;
                    writing = null;
                }
                // Idle: nothing new for a whole tick (merely catching up with a steady trickle does not count).
                var idle = records.Count == 0 && now - lastDelivery >= Tick;
                if (writing is null && (idle || now - lastTick >= Tick))
                {
                    lastTick = now;
                    var safe = unwritten.SafePosition(delivered);
                    if (safe > saved)
                    {
                        spool.SaveCheckpoint(ConsumerName, safe);
                        saved = safe;
                    }
                    var due = unwritten.TakeDue(idle ? DateTimeOffset.MaxValue : now - options.Value.WriteAfter, WritesPerRound);
                    if (due.Count > 0) writing = WriteAsync(due, stoppingToken);
                }
                if (records.Count == 0)
                {
                    var committed = spool.WaitForCommitAfterAsync(reader.NextSeq - 1, Tick, stoppingToken);
                    await (writing is null ? committed : Task.WhenAny(committed, writing));
                }
            }
        }
        finally
        {
            // Not left running unobserved; what it wrote is covered by the replay anyway.
            if (writing is not null) await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Has each of these leads write its state.</summary>
    private Task WriteAsync(IReadOnlyList<Guid> leads, CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(leads, new ParallelOptions { MaxDegreeOfParallelism = WriteConcurrency, CancellationToken = stoppingToken },
            async (lead, _) => await leadGrains.Get(lead).PersistAsync());

    /// <summary>Delivers the records; answers the leads that took them.</summary>
    private async Task<IEnumerable<Guid>> DeliverAsync(List<SpoolRecord> records, CancellationToken cancellationToken)
    {
        // Keyed by the visitor's own lead, which is one per visitor and site.
        var byVisitor = new Dictionary<Guid, List<TrackedEvent>>();
        foreach (var record in records)
        {
            var e = JsonSerializer.Deserialize(record.Payload.Span, SpoolJson.Reader)!;
            // Bots and record-only events (sends) are stored in ClickHouse for analysis but never become leads or move scores.
            if (e.IsBot || RecordOnlyEvents.Contains(e.Type)) continue;
            if (!byVisitor.TryGetValue(e.LeadId, out var list)) byVisitor[e.LeadId] = list = [];
            list.Add(e with { SpoolNode = spool.NodeId, SpoolSeq = record.Seq });
        }
        // One slot per visitor rather than a ConcurrentBag: a bag's per-thread lists hang off a finalizable
        // ThreadLocal, which kept every round's results alive through a garbage collection.
        var visitors = byVisitor.ToArray();
        var applied = new ApplyResult[visitors.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, visitors.Length), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                var (visitorLead, events) = visitors[i];
                var result = await leadGrains.Get(visitorLead).ApplyAsync(events);
                applied[i] = result;
                // Events were stamped with the visitor's own lead id; when another lead holds them, say so in ClickHouse.
                aliases.Record(visitorLead, result.LeadId);
                // A lead that turned hot goes to sales now, not once the slowest lead of the batch has answered.
                if (TurnedHot(result)) await observers.NotifyAllAsync(result.Changes, cancellationToken);
            });
        // The rest together. Before the checkpoint moves: what the changes trigger must survive a crash as the events do.
        await observers.NotifyAllAsync(applied.Where(r => !TurnedHot(r)).SelectMany(r => r.Changes).ToList(), cancellationToken);
        return applied.Select(r => r.LeadId);
    }

    private static bool TurnedHot(ApplyResult result) => result.Changes.Any(c => c.EntersHot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering events to leads failed; replaying from the checkpoint in {Seconds} s")]
    private partial void LogDispatchFailed(Exception exception, double seconds);
}
