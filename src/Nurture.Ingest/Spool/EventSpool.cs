using System.Threading.Channels;

namespace Nurture.Ingest.Spool;

/// <summary>
/// The local durable log between "acknowledged" and "consumed". Appends from many requests are
/// group-committed: one write and one fsync per batch of waiting appends, so durability costs one disk
/// flush per few milliseconds instead of one per event. Consumers read from their own checkpoints,
/// which makes a crash replay exactly what was not yet taken.
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
        Recover();
        var last = segments[^1];
        tail = OpenForAppend(last.Path);
        writer = Task.Run(WriteLoopAsync);
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

    public void Dispose()
    {
        pending.Writer.TryComplete();
        try { writer.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
        tail.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>();
        var buffer = new byte[1 << 16];
        // Recover cut the tail segment after its last whole record; beyond `length` the file holds zeros.
        var length = tail.Length;
        var zeroedTo = length;
        while (await pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < 4096 && pending.Reader.TryRead(out var append)) batch.Add(append);
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
            lock (gate)
            {
                var current = segments[^1];
                current.LastSeq = nextSeq - 1;
                current.Bytes = length;
                Interlocked.Exchange(ref committedSeq, nextSeq - 1);
                signal = committed;
                committed = NewSignal();
            }
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
        List<string> doomed = [];
        lock (gate)
        {
            var consumed = options.Consumers.Select(c => checkpoints.GetValueOrDefault(c)).DefaultIfEmpty(0).Min();
            var total = segments.Sum(s => s.Bytes);
            var horizon = time.GetUtcNow().UtcDateTime - options.DedupeWindow;
            // Keep consumed segments for the dedupe window (a restart rebuilds the retry memory from them),
            // unless the disk budget needs the room first.
            while (segments.Count > 1 && segments[0].LastSeq <= consumed &&
                   (File.GetLastWriteTimeUtc(segments[0].Path) < horizon || total > options.MaxBytes))
            {
                total -= segments[0].Bytes;
                doomed.Add(segments[0].Path);
                segments.RemoveAt(0);
            }
        }
        foreach (var path in doomed) File.Delete(path);
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

    private void WriteFileDurably(string path, string content)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
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
    }
}
