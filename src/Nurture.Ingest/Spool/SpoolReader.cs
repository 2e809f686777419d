namespace Nurture.Ingest.Spool;

/// <summary>A consumer's cursor over the spool: reads committed records in order from a sequence number.</summary>
public sealed class SpoolReader : IDisposable
{
    private readonly EventSpool spool;
    private readonly byte[] header = new byte[SpoolRecordFormat.HeaderSize];
    private FileStream? stream;
    private string? streamPath;
    private long streamSeq;

    internal SpoolReader(EventSpool spool, long fromSeq)
    {
        this.spool = spool;
        NextSeq = Math.Max(1, fromSeq);
    }

    /// <summary>The sequence number the next read starts at.</summary>
    public long NextSeq { get; private set; }

    /// <summary>Up to <paramref name="max"/> committed records from <see cref="NextSeq"/> on; empty when caught up.</summary>
    public List<SpoolRecord> Read(int max)
    {
        var records = new List<SpoolRecord>();
        var committed = spool.CommittedSeq;
        while (records.Count < max && NextSeq <= committed)
        {
            if (spool.FindSegment(NextSeq) is not { } segment) break;
            if (segment.Path != streamPath || streamSeq > NextSeq)
            {
                stream?.Dispose();
                stream = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
                streamPath = segment.Path;
                streamSeq = segment.FirstSeq;
                // A deleted range (compaction after every consumer passed it) is simply skipped over.
                if (NextSeq < segment.FirstSeq) NextSeq = segment.FirstSeq;
            }
            if (SpoolRecordFormat.Read(stream!, header) is not { } record)
            {
                // End of this segment: the next one starts at streamSeq.
                stream!.Dispose();
                stream = null;
                streamPath = null;
                if (spool.FindSegment(streamSeq) is { } after && after.FirstSeq >= streamSeq && after.Path != segment.Path)
                {
                    NextSeq = Math.Max(NextSeq, after.FirstSeq);
                    continue;
                }
                break;
            }
            var seq = streamSeq++;
            if (seq < NextSeq) continue;
            records.Add(new SpoolRecord(seq, record.DedupeKey, new DateTimeOffset(record.Ticks, TimeSpan.Zero), record.Payload));
            NextSeq = seq + 1;
        }
        return records;
    }

    public void Dispose() => stream?.Dispose();
}
