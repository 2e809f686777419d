using System.Threading.Channels;

namespace Nurture.Spool;

/// <summary>
/// The local durable log between "acknowledged" and "consumed". Appends from many requests are
/// group-committed: one write and one fsync per batch of waiting appends, so durability costs one disk
/// flush per few milliseconds instead of one per event. Consumers read from their own checkpoints,
/// which makes a crash replay exactly what was not yet taken.
/// A segment is closed when it reaches <see cref="SpoolOptions.SegmentBytes"/> or, with records in it,
/// <see cref="SpoolOptions.MaxSegmentAge"/>, and deleted as soon as every consumer has passed it: nothing
/// spooled stays on disk much longer than its consumers need it (an erasure counts on that). Only the
/// dedupe keys of a deleted segment outlive it, in a key file, until the dedupe window has passed.
/// </summary>
public sealed class EventSpool : IDisposable
{
    /// <summary>Answered in place of a sequence number for an event id seen within the dedupe window.</summary>
    public const long Duplicate = -1;

    private const string NodeIdFile = "node-id";
    private const string CheckpointPrefix = "checkpoint.";
    /// <summary>How far ahead of the tail the segment is zero-filled, so group commits overwrite allocated blocks.</summary>
    private const int ZeroAhead = 4 << 20;
    private static readonly byte[] Zeros = new byte[1 << 20];

    private readonly SpoolOptions options;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly List<SpoolSegment> segments = [];
    private readonly Dictionary<string, long> checkpoints = new(StringComparer.Ordinal);
    // Key files of deleted segments, with the newest append time in each: it goes once that leaves the window.
    private readonly Dictionary<string, long> keyFiles = new(StringComparer.Ordinal);
    // One compaction at a time (consumers save checkpoints concurrently): each reads and deletes files.
    private readonly Lock compaction = new();
    private readonly ITimer ageTimer;
    private readonly EventDeduplicator dedupe;
    private readonly Channel<PendingAppend> pending =
        Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task writer;
    private readonly List<string> warnings = [];
    private FileStream tail;
    private long committedSeq;
    private long nextSeq;
    private TaskCompletionSource committed = NewSignal();

    public EventSpool(SpoolOptions options, TimeProvider time)
    {
        this.options = options;
        this.time = time;
        dedupe = new EventDeduplicator(options.DedupeWindow);
        Directory.CreateDirectory(options.Directory);
        NodeId = LoadOrCreateNodeId();
        LoadCheckpoints();
        LoadDedupeKeys();
        Recover();
        var last = segments[^1];
        tail = OpenForAppend(last.Path);
        ageTimer = time.CreateTimer(_ => RequestAgeCheck(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        writer = Task.Run(WriteLoopAsync);
        if (!last.IsEmpty) ArmAgeTimer(last.FirstTicks);
        // What a crash (or an older version, which kept segments for the whole dedupe window) left behind.
        Compact();
    }

    /// <summary>Stable id of this spool; consumers keep it beside sequence numbers.</summary>
    public string NodeId { get; }

    /// <summary>The highest sequence number that is on disk; readers never go past it.</summary>
    public long CommittedSeq => Interlocked.Read(ref committedSeq);

    /// <summary>What was found and repaired on open (a torn tail after a crash, for example).</summary>
    public IReadOnlyList<string> Warnings => warnings;

    /// <summary>
    /// Appends the entries durably. Answers each entry's sequence number, or <see cref="Duplicate"/>
    /// for a retry of an event already kept. Throws <see cref="SpoolFullException"/> when full.
    /// </summary>
    public async Task<long[]> AppendAsync(IReadOnlyList<SpoolEntry> entries, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcTicks;
        var outcome = new long[entries.Count];
        var toWrite = new List<int>(entries.Count);
        lock (gate)
        {
            var unconsumed = UnconsumedBytesLocked();
            if (unconsumed >= options.MaxBytes) throw new SpoolFullException(unconsumed);
            for (var i = 0; i < entries.Count; i++)
            {
                var key = entries[i].DedupeKey;
                if (key != 0 && !dedupe.TryAdd(key, now)) outcome[i] = Duplicate;
                else toWrite.Add(i);
            }
        }
        if (toWrite.Count == 0) return outcome;

        var append = new PendingAppend(toWrite.Select(i => entries[i]).ToArray(), now);
        try
        {
            await pending.Writer.WriteAsync(append, cancellationToken);
            // Once queued, the write happens whether or not the caller still waits: never cancel it halfway.
            var firstSeq = await append.Completion.Task;
            for (var k = 0; k < toWrite.Count; k++) outcome[toWrite[k]] = firstSeq + k;
            return outcome;
        }
        catch
        {
            lock (gate)
            {
                foreach (var i in toWrite)
                {
                    if (entries[i].DedupeKey != 0) dedupe.Forget(entries[i].DedupeKey);
                }
            }
            throw;
        }
    }

    /// <summary>Completes when a sequence number greater than <paramref name="seq"/> is committed.</summary>
    public Task WaitForCommitAfterAsync(long seq, CancellationToken cancellationToken)
    {
        Task signal;
        lock (gate)
        {
            if (committedSeq > seq) return Task.CompletedTask;
            signal = committed.Task;
        }
        return signal.WaitAsync(cancellationToken);
    }

    /// <summary>Waits for a record after <paramref name="seq"/> or the timeout, whichever comes first.</summary>
    public async Task WaitForCommitAfterAsync(long seq, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        await WaitForCommitAfterAsync(seq, wait.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public SpoolReader OpenReader(long fromSeq) => new(this, fromSeq);

    /// <summary>The last sequence number the consumer has fully processed (0: none).</summary>
    public long GetCheckpoint(string consumer)
    {
        lock (gate) return checkpoints.GetValueOrDefault(consumer);
    }

    /// <summary>Durably records the consumer's progress, then deletes segments nobody needs.</summary>
    public void SaveCheckpoint(string consumer, long seq)
    {
        var path = Path.Combine(options.Directory, CheckpointPrefix + consumer);
        WriteFileDurably(path, seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        lock (gate) checkpoints[consumer] = seq;
        Compact();
    }

    public SpoolStats GetStats()
    {
        lock (gate)
        {
            return new SpoolStats(
                committedSeq,
                segments.Sum(s => s.Bytes),
                UnconsumedBytesLocked(),
                options.MaxBytes,
                options.Consumers.ToDictionary(c => c, c => committedSeq - checkpoints.GetValueOrDefault(c)));
        }
    }

    /// <summary>
    /// The segment holding <paramref name="seq"/>, or the first one after it when it was deleted, with
    /// how many of its bytes are committed.
    /// </summary>
    internal (string Path, long FirstSeq, long Bytes)? FindSegment(long seq)
    {
        lock (gate)
        {
            foreach (var segment in segments)
            {
                if (segment.LastSeq >= seq || segment == segments[^1]) return (segment.Path, segment.FirstSeq, segment.Bytes);
            }
            return null;
        }
    }

    /// <summary>
    /// Closes the tail segment when its first record is <see cref="SpoolOptions.MaxSegmentAge"/> old, and
    /// deletes what every consumer has passed. A timer does this on its own; completes once it is done.
    /// </summary>
    internal Task CloseAgedSegmentAsync()
    {
        var check = new PendingAppend([], 0);
        return pending.Writer.TryWrite(check) ? check.Completion.Task : Task.CompletedTask;
    }

    public void Dispose()
    {
        ageTimer.Dispose();
        pending.Writer.TryComplete();
        try { writer.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
        tail.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>();
        var ageChecks = new List<PendingAppend>();
        var buffer = new byte[1 << 16];
        // Recover cut the tail segment after its last whole record; beyond `length` the file holds zeros.
        var length = tail.Length;
        var zeroedTo = length;
        while (await pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            ageChecks.Clear();
            while (batch.Count < 4096 && pending.Reader.TryRead(out var append)) (append.IsAgeCheck ? ageChecks : batch).Add(append);
            if (ageChecks.Count > 0)
            {
                var compacted = Task.CompletedTask;
                // Closed before this batch is written, which then starts the next segment.
                if (TailAge() is { } age)
                {
                    if (age < options.MaxSegmentAge) ArmAgeTimer(segments[^1].FirstTicks);
                    else if (TryCloseAgedTail(length))
                    {
                        length = zeroedTo = 0;
                        // Off this loop: reading a large segment's keys must not hold up the appends waiting here.
                        compacted = Task.Run(CompactAfterClose);
                    }
                }
                var checks = ageChecks.ToArray();
                _ = compacted.ContinueWith(_ => { foreach (var check in checks) check.Completion.TrySetResult(0); }, TaskScheduler.Default);
            }
            if (batch.Count == 0) continue;
            var startSeq = nextSeq;
            try
            {
                // The whole batch goes out in one write and one flush: a syscall per event cost more than the events.
                var used = 0;
                foreach (var append in batch)
                {
                    append.FirstSeq = nextSeq;
                    foreach (var entry in append.Entries)
                    {
                        var size = SpoolRecordFormat.HeaderSize + entry.Payload.Length;
                        if (buffer.Length - used < size) Array.Resize(ref buffer, Math.Max(used + size, buffer.Length * 2));
                        used += SpoolRecordFormat.Write(buffer.AsSpan(used), entry.DedupeKey, append.Ticks, entry.Payload.Span);
                        nextSeq++;
                    }
                }
                tail.Write(buffer, 0, used);
                if (length + used > zeroedTo) zeroedTo = ZeroFill(tail.SafeFileHandle, length + used, options.SegmentBytes);
                DataSync.Flush(tail);
                length += used;
            }
            catch (Exception ex)
            {
                // Nothing of this batch is acknowledged: cut the file back so the log has no half batch.
                nextSeq = startSeq;
                try { tail.SetLength(length); tail.Position = length; zeroedTo = length; } catch (IOException) { }
                foreach (var append in batch) append.Completion.TrySetException(ex);
                continue;
            }

            TaskCompletionSource signal;
            bool first;
            lock (gate)
            {
                var current = segments[^1];
                first = current.IsEmpty;
                if (first) current.FirstTicks = batch[0].Ticks;
                current.LastSeq = nextSeq - 1;
                current.Bytes = length;
                Interlocked.Exchange(ref committedSeq, nextSeq - 1);
                signal = committed;
                committed = NewSignal();
            }
            // A segment's age counts from its first record: that is when the timer must look at it.
            if (first) ArmAgeTimer(batch[0].Ticks);
            signal.TrySetResult();
            foreach (var append in batch) append.Completion.TrySetResult(append.FirstSeq);
            if (length >= options.SegmentBytes)
            {
                RollSegment(length);
                length = zeroedTo = 0;
            }
            // A burst can grow the buffer to megabytes; do not keep that much for ever.
            if (buffer.Length > 1 << 22) buffer = new byte[1 << 16];
        }
    }

    /// <summary>Closes the tail; false when that failed (tried again after another MaxSegmentAge).</summary>
    private bool TryCloseAgedTail(long length)
    {
        try
        {
            RollSegment(length);
            return true;
        }
        catch (IOException)
        {
            ageTimer.Change(options.MaxSegmentAge, Timeout.InfiniteTimeSpan);
            return false;
        }
    }

    /// <summary>The consumers have usually passed a closed segment already, and save no checkpoint until new records come.</summary>
    private void CompactAfterClose()
    {
        try
        {
            Compact();
        }
        catch (IOException)
        {
            // Tried again at the next checkpoint a consumer saves.
        }
    }

    private void RequestAgeCheck() => pending.Writer.TryWrite(new PendingAppend([], 0));

    private void ArmAgeTimer(long firstTicks)
    {
        // Whole milliseconds, rounded up: a timer that rounds down fires before the segment is old enough.
        var due = firstTicks + options.MaxSegmentAge.Ticks - time.GetUtcNow().UtcTicks;
        ageTimer.Change(TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(0, due) / (double)TimeSpan.TicksPerMillisecond)), Timeout.InfiniteTimeSpan);
    }

    /// <summary>How long ago the tail's first record was appended; null while it has none.</summary>
    private TimeSpan? TailAge()
    {
        lock (gate)
        {
            var current = segments[^1];
            return current.IsEmpty ? null : TimeSpan.FromTicks(time.GetUtcNow().UtcTicks - current.FirstTicks);
        }
    }

    /// <summary>Writes zeros from <paramref name="from"/> on, up to <see cref="ZeroAhead"/> but not past the segment's size; answers the new end.</summary>
    private static long ZeroFill(Microsoft.Win32.SafeHandles.SafeFileHandle file, long from, long segmentBytes)
    {
        var end = Math.Min(from + ZeroAhead, segmentBytes);
        for (var at = from; at < end; at += Zeros.Length) RandomAccess.Write(file, Zeros.AsSpan(0, (int)Math.Min(Zeros.Length, end - at)), at);
        return Math.Max(from, end);
    }

    private void RollSegment(long length)
    {
        var segment = new SpoolSegment(Path.Combine(options.Directory, SpoolSegment.FileName(nextSeq)), nextSeq);
        var next = OpenForAppend(segment.Path);
        DirectorySync.Flush(options.Directory);
        var previous = tail;
        lock (gate)
        {
            segments.Add(segment);
            tail = next;
        }
        // The zeros ahead of the last record are of no more use in a closed segment (and a reopen cuts them anyway).
        try { previous.SetLength(length); } catch (IOException) { }
        previous.Dispose();
    }

    private void Recover()
    {
        var files = Directory.GetFiles(options.Directory, "*.seg")
            .Select(p => (Path: p, Ok: SpoolSegment.TryParseFirstSeq(p, out var first), First: first))
            .Where(f => f.Ok)
            .OrderBy(f => f.First)
            .ToList();
        var horizon = time.GetUtcNow().UtcTicks - options.DedupeWindow.Ticks;
        var header = new byte[SpoolRecordFormat.HeaderSize];
        foreach (var file in files)
        {
            var segment = new SpoolSegment(file.Path, Math.Max(file.First, nextSeq));
            using (var stream = new FileStream(file.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1 << 16))
            {
                long validLength = 0;
                while (SpoolRecordFormat.Read(stream, header) is { } record)
                {
                    validLength = stream.Position;
                    segment.LastSeq++;
                    if (segment.FirstTicks == 0) segment.FirstTicks = record.Ticks;
                    if (record.DedupeKey != 0 && record.Ticks > horizon) dedupe.TryAdd(record.DedupeKey, record.Ticks);
                }
                if (validLength < stream.Length)
                {
                    // Zeros after the last record are the writer's fill-ahead, not damage.
                    if (!OnlyZerosFrom(stream, validLength))
                        warnings.Add($"spool segment {Path.GetFileName(file.Path)}: cut {stream.Length - validLength} bytes of a torn or corrupt record at offset {validLength}");
                    stream.SetLength(validLength);
                    stream.Flush(flushToDisk: true);
                }
                segment.Bytes = validLength;
            }
            segments.Add(segment);
            nextSeq = segment.LastSeq + 1;
        }
        if (segments.Count == 0)
        {
            nextSeq = Math.Max(1, checkpoints.Values.DefaultIfEmpty(0).Max() + 1);
            var first = new SpoolSegment(Path.Combine(options.Directory, SpoolSegment.FileName(nextSeq)), nextSeq);
            File.Create(first.Path).Dispose();
            DirectorySync.Flush(options.Directory);
            segments.Add(first);
        }
        committedSeq = nextSeq - 1;
    }

    private static bool OnlyZerosFrom(FileStream stream, long offset)
    {
        var chunk = new byte[1 << 16];
        stream.Position = offset;
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (chunk.AsSpan(0, read).ContainsAnyExcept((byte)0)) return false;
        }
        return true;
    }

    private void Compact()
    {
        lock (compaction)
        {
            List<SpoolSegment> passed = [];
            List<string> expired = [];
            long horizon;
            lock (gate)
            {
                var consumed = options.Consumers.Select(c => checkpoints.GetValueOrDefault(c)).DefaultIfEmpty(0).Min();
                // Every consumer has passed these: nothing needs them but for their dedupe keys, so they go at once.
                for (var i = 0; i < segments.Count - 1 && segments[i].LastSeq <= consumed; i++) passed.Add(segments[i]);
                horizon = time.GetUtcNow().UtcTicks - options.DedupeWindow.Ticks;
                foreach (var (path, newest) in keyFiles)
                {
                    if (newest <= horizon) expired.Add(path);
                }
                foreach (var path in expired) keyFiles.Remove(path);
            }
            foreach (var segment in passed)
            {
                // The keys are durable before the segment goes. A crash in between leaves both, which is
                // harmless: on open the same keys are read twice.
                var keys = SpoolRecordFormat.ReadKeys(segment.Path, segment.Bytes, horizon);
                if (keys.Count > 0)
                {
                    var path = DedupeKeyFile.PathFor(options.Directory, segment.FirstSeq);
                    WriteFileDurably(path, DedupeKeyFile.Encode(keys));
                    lock (gate) keyFiles[path] = keys.Max(k => k.Ticks);
                }
                lock (gate) segments.Remove(segment);
                File.Delete(segment.Path);
            }
            foreach (var path in expired) File.Delete(path);
        }
    }

    /// <summary>The dedupe keys of segments already deleted, still inside the window.</summary>
    private void LoadDedupeKeys()
    {
        // A key file is renamed into place whole; a temporary one is what a crash interrupted.
        foreach (var temp in Directory.GetFiles(options.Directory, "*" + DedupeKeyFile.Extension + ".tmp")) File.Delete(temp);
        var horizon = time.GetUtcNow().UtcTicks - options.DedupeWindow.Ticks;
        foreach (var path in Directory.GetFiles(options.Directory, "*" + DedupeKeyFile.Extension).Order(StringComparer.Ordinal))
        {
            if (DedupeKeyFile.Decode(File.ReadAllBytes(path)) is not { } keys)
            {
                warnings.Add($"spool dedupe keys {Path.GetFileName(path)}: damaged, deleted (a retry of its events is no longer recognised)");
                File.Delete(path);
                continue;
            }
            long newest = 0;
            foreach (var (key, ticks) in keys)
            {
                if (ticks > horizon) dedupe.TryAdd(key, ticks);
                newest = Math.Max(newest, ticks);
            }
            keyFiles[path] = newest;
        }
    }

    private long UnconsumedBytesLocked()
    {
        var consumed = options.Consumers.Select(c => checkpoints.GetValueOrDefault(c)).DefaultIfEmpty(0).Min();
        return segments.Where(s => s.LastSeq > consumed).Sum(s => s.Bytes);
    }

    private string LoadOrCreateNodeId()
    {
        var path = Path.Combine(options.Directory, NodeIdFile);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0) return existing;
        }
        var id = Guid.NewGuid().ToString("N")[..12];
        WriteFileDurably(path, id);
        return id;
    }

    private void LoadCheckpoints()
    {
        foreach (var path in Directory.GetFiles(options.Directory, CheckpointPrefix + "*"))
        {
            if (path.EndsWith(".tmp", StringComparison.Ordinal)) continue;
            if (long.TryParse(File.ReadAllText(path).Trim(), out var seq))
                checkpoints[Path.GetFileName(path)[CheckpointPrefix.Length..]] = seq;
        }
    }

    private void WriteFileDurably(string path, string content) => WriteFileDurably(path, System.Text.Encoding.UTF8.GetBytes(content));

    private void WriteFileDurably(string path, byte[] content)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        DirectorySync.Flush(options.Directory);
    }

    private static FileStream OpenForAppend(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class PendingAppend(SpoolEntry[] entries, long ticks)
    {
        public SpoolEntry[] Entries { get; } = entries;
        public long Ticks { get; } = ticks;
        public long FirstSeq { get; set; }
        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        /// <summary>No entries: a request to close the tail segment if it is old enough.</summary>
        public bool IsAgeCheck => Entries.Length == 0;
    }
}
