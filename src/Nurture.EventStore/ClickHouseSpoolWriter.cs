using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nurture.Spool;

namespace Nurture.EventStore;

/// <summary>
/// Moves records from a spool into a ClickHouse table in large batches. ClickHouse itself is the
/// checkpoint: every row carries its spool node and sequence, and on start (and after any failed
/// insert) the writer resumes after the highest sequence the table already has (or its own checkpoint,
/// when that is higher: rows an erasure deleted), so each record lands exactly once. Producers never wait for this: when ClickHouse is down the spool simply grows.
/// </summary>
public sealed partial class ClickHouseSpoolWriter(
    EventSpool spool,
    ISpoolTable table,
    ClickHouseStore store,
    ClickHouseSchemaGate schema,
    ClickHouseWriterStatus status,
    IOptions<ClickHouseOptions> options,
    TimeProvider time,
    ILogger<ClickHouseSpoolWriter> logger) : BackgroundService
{
    public const string ConsumerName = "clickhouse";
    /// <summary>An insert body larger than this is not kept for the next insert (a backlog's, say).</summary>
    private const int MaxKeptBodyBytes = 32 << 20;

    // Reused from insert to insert: a body of megabytes made anew each time costs gen 2 collections.
    private readonly MemoryStream body = new();
    private readonly JsonRowWriter rowWriter = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        SpoolConsumerLoop.RunAsync(RunAsync, (ex, backoff) =>
        {
            status.RecordFailure(ex.Message);
            LogWriteFailed(ex, backoff.TotalSeconds);
        }, time, stoppingToken);

    /// <summary>One connected run: resume from ClickHouse's own high-water mark, then stream batches.</summary>
    private async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!status.SchemaReady)
        {
            await schema.EnsureAppliedAsync(stoppingToken);
            status.SchemaReady = true;
        }
        var written = await HighestWrittenSeqAsync(stoppingToken);
        // What waited in the spool for this run: a client may have retried some of it on another node.
        var backlogEnd = spool.CommittedSeq;
        using var reader = spool.OpenReader(written + 1);
        var batch = new HeldBatch();
        var batchSize = options.Value.BatchSize;
        var interval = options.Value.FlushInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Everything committed so far, up to a full batch; a read returns at most SpoolReader.MaxPerRead.
            for (var records = reader.Read(batchSize - batch.Count); records.Count > 0; records = reader.Read(batchSize - batch.Count))
            {
                foreach (var record in records)
                {
                    if (batch.Count == 0)
                    {
                        body.SetLength(0);
                        batch.Start(record, fromBacklog: record.Seq <= backlogEnd);
                    }
                    // Written into the insert body now: the payload is a view of the reader's buffer, valid until
                    // its next read. A backlog batch keeps copies until it knows which records to skip.
                    if (batch.Records is { } kept) kept.Add(record with { Payload = record.Payload.ToArray() });
                    else table.WriteRow(rowWriter, record, spool.NodeId, body);
                    batch.Add(record);
                }
            }
            if (batch.Count == 0)
            {
                await spool.WaitForCommitAfterAsync(reader.NextSeq - 1, TimeSpan.FromSeconds(5), stoppingToken);
                continue;
            }
            var due = batch.FirstAppendedAt + interval - time.GetUtcNow();
            if (batch.Count < batchSize && due > TimeSpan.Zero)
            {
                // Sleep until the batch is due rather than wake for every group commit in between: past
                // the interval the next read takes everything that arrived meanwhile, up to a full batch.
                await Task.Delay(due, time, stoppingToken);
                continue;
            }
            await InsertAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    private async Task InsertAsync(HeldBatch batch, CancellationToken cancellationToken)
    {
        IReadOnlySet<long>? elsewhere = null;
        if (batch.Records is { } records)
        {
            elsewhere = await table.WrittenElsewhereAsync(store, records, spool.NodeId, cancellationToken);
            body.SetLength(0);
            foreach (var record in records)
            {
                if (!elsewhere.Contains(record.Seq)) table.WriteRow(rowWriter, record, spool.NodeId, body);
            }
        }
        if (body.Length > 0)
        {
            // A view of the body: the HTTP request disposes the stream it sends.
            using var rows = new MemoryStream(body.GetBuffer(), 0, (int)body.Length, writable: false);
            await store.InsertJsonRowsAsync(table.Name, rows, cancellationToken);
        }
        if (body.Capacity > MaxKeptBodyBytes)
        {
            body.SetLength(0);
            body.Capacity = 0;
        }
        if (elsewhere is { Count: > 0 }) LogWrittenElsewhere(elsewhere.Count, table.Name);
        spool.SaveCheckpoint(ConsumerName, batch.LastSeq);
        var now = time.GetUtcNow();
        status.RecordSuccess(batch.Count, now - batch.LastAppendedAt, now);
    }

    /// <summary>
    /// The batch being gathered: what the checkpoint and the status need, and the records themselves only
    /// for a batch from the backlog (some of it may be in ClickHouse through another node already).
    /// </summary>
    private sealed class HeldBatch
    {
        public int Count { get; private set; }
        public DateTimeOffset FirstAppendedAt { get; private set; }
        public long LastSeq { get; private set; }
        public DateTimeOffset LastAppendedAt { get; private set; }
        public List<SpoolRecord>? Records { get; private set; }

        public void Start(SpoolRecord first, bool fromBacklog)
        {
            FirstAppendedAt = first.AppendedAt;
            Records = fromBacklog ? [] : null;
        }

        public void Add(SpoolRecord record)
        {
            Count++;
            LastSeq = record.Seq;
            LastAppendedAt = record.AppendedAt;
        }

        public void Clear()
        {
            Count = 0;
            Records = null;
        }
    }

    private async Task<long> HighestWrittenSeqAsync(CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            $"SELECT max(spool_seq) AS seq FROM {table.Name} WHERE spool_node = {ClickHouseSql.Quote(spool.NodeId)}",
            cancellationToken);
        var inClickHouse = rows.Count == 0 ? 0 : long.Parse(rows[0].GetProperty("seq").ToString(), CultureInfo.InvariantCulture);
        // The checkpoint is saved after the insert, so ClickHouse is usually ahead of it (an insert the
        // checkpoint missed). It is behind when an erasure deleted the newest rows: resuming there would
        // write the erased rows again from the spool, so the checkpoint is the floor.
        var checkpoint = spool.GetCheckpoint(ConsumerName);
        // On a cluster, a table sharded by something else than the spool node splits a batch over shards,
        // and a failed insert may have landed on some of them: its highest row says nothing about the
        // others. Such tables replace their rows (lead_profiles), so resume after the last whole batch.
        if (store.Layout.IsCluster && !EventStoreSchema.Table(table.Name).ShardedBySpoolNode) return checkpoint;
        return Math.Max(inClickHouse, checkpoint);
    }

    private void LogWriteFailed(Exception exception, double seconds) => LogWriteFailed(exception, table.Name, seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} records of the spool's backlog were already in ClickHouse table {Table} through another node (client retries); not written again")]
    private partial void LogWrittenElsewhere(int count, string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing to ClickHouse table {Table} failed; retrying in {Seconds} s")]
    private partial void LogWriteFailed(Exception exception, string table, double seconds);
}
