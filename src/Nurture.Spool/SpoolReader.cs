using Microsoft.Win32.SafeHandles;

namespace Nurture.Spool;

/// <summary>
/// A consumer's cursor over the spool: reads committed records in order from a sequence number. It
/// reads only the bytes the spool has committed, never further: past them the writer's fill-ahead
/// zeros (or a half-written batch) would read as the end of the segment.
/// A record's payload is a view of the reader's own buffers, valid until the next read: a consumer that
/// keeps a record longer copies its payload. Reads allocate no memory per record.
/// </summary>
public sealed class SpoolReader : IDisposable
{
    /// <summary>
    /// The most records one read returns: a list of more (48 bytes each) would be allocated on the
    /// large-object heap, where every read's list would cost the collector far more than a few more reads.
    /// </summary>
    public const int MaxPerRead = 1024;

    private readonly EventSpool spool;
    private SafeFileHandle? file;
    private string? filePath;
    // The sequence number of the record at `offset` in the file.
    private long fileSeq;
    private long offset;
    // Bytes read ahead: buffer[start..end] is the file from `offset` on.
    private byte[] buffer = new byte[BufferSize];
    private int start;
    private int end;
    // Whether this read's records point into `buffer`, which must then not be overwritten before the next read.
    private bool bufferLent;
    // Buffers this read filled and left, which its records point into; reused from the next read on.
    private readonly List<byte[]> lent = [];
    private readonly Stack<byte[]> spare = new();
    // Under the large-object heap's threshold.
    private const int BufferSize = 1 << 16;

    internal SpoolReader(EventSpool spool, long fromSeq)
    {
        this.spool = spool;
        NextSeq = Math.Max(1, fromSeq);
    }

    /// <summary>The sequence number the next read starts at.</summary>
    public long NextSeq { get; private set; }

    /// <summary>
    /// Up to <paramref name="max"/> (and <see cref="MaxPerRead"/>) committed records from <see cref="NextSeq"/>
    /// on; empty when caught up.
    /// </summary>
    public List<SpoolRecord> Read(int max)
    {
        max = Math.Min(max, MaxPerRead);
        // The previous read's records are no longer valid: their buffers can be filled again.
        foreach (var done in lent) spare.Push(done);
        lent.Clear();
        bufferLent = false;
        var records = new List<SpoolRecord>();
        var committed = spool.CommittedSeq;
        while (records.Count < max && NextSeq <= committed)
        {
            if (spool.FindSegment(NextSeq) is not { } segment) break;
            if (segment.Path != filePath || fileSeq > NextSeq) Open(segment.Path, segment.FirstSeq);
            // A deleted range (compaction after every consumer passed it) is simply skipped over.
            if (NextSeq < segment.FirstSeq) NextSeq = segment.FirstSeq;

            var size = SpoolRecordFormat.Parse(buffer.AsSpan(start, end - start), out var needed, out var key, out var ticks, out var payload);
            if (size == 0 && offset + (end - start) < segment.Bytes)
            {
                Fill(needed, segment.Bytes);
                continue;
            }
            if (size <= 0)
            {
                // The end of what this segment holds (or a corrupt record): go on in the next segment, if any.
                if (spool.FindSegment(fileSeq) is { } after && after.FirstSeq >= fileSeq && after.Path != segment.Path)
                {
                    NextSeq = Math.Max(NextSeq, after.FirstSeq);
                    Close();
                    continue;
                }
                break;
            }
            var seq = fileSeq++;
            if (seq >= NextSeq)
            {
                records.Add(new SpoolRecord(seq, key, new DateTimeOffset(ticks, TimeSpan.Zero),
                    buffer.AsMemory(start + SpoolRecordFormat.HeaderSize, payload.Length)));
                bufferLent = true;
                NextSeq = seq + 1;
            }
            start += size;
            offset += size;
        }
        return records;
    }

    public void Dispose() => Close();

    private void Open(string path, long firstSeq)
    {
        Close();
        file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        filePath = path;
        fileSeq = firstSeq;
        offset = 0;
    }

    /// <summary>Reads on until the buffer holds <paramref name="needed"/> bytes or everything up to <paramref name="limit"/>.</summary>
    private void Fill(int needed, long limit)
    {
        var held = end - start;
        if (bufferLent || needed > buffer.Length)
        {
            // Records of this read point into the buffer (or it is too small): go on in another one.
            var next = spare.TryPop(out var reused) && reused.Length >= needed ? reused : new byte[Math.Max(needed, BufferSize)];
            if (reused is not null && !ReferenceEquals(next, reused) && reused.Length == BufferSize) spare.Push(reused);
            buffer.AsSpan(start, held).CopyTo(next);
            if (bufferLent) lent.Add(buffer);
            (buffer, bufferLent) = (next, false);
        }
        else buffer.AsSpan(start, held).CopyTo(buffer);
        (start, end) = (0, held);
        var from = offset + held;
        var room = (int)Math.Min(buffer.Length - held, limit - from);
        var read = RandomAccess.Read(file!, buffer.AsSpan(held, room), from);
        // Committed bytes are on disk; reading fewer means the file is not what the spool says.
        if (read <= 0) throw new IOException($"spool segment {filePath}: expected {room} bytes at offset {from}, read {read}");
        end += read;
    }

    private void Close()
    {
        file?.Dispose();
        (file, filePath, start, end) = (null, null, 0, 0);
    }
}
