using System.Collections.Concurrent;

namespace Nurture.Ingest.Pipeline;

/// <summary>Counters of what ingest kept and dropped, by reason; exported at /metrics.</summary>
public sealed class IngestMetrics
{
    private long accepted;
    private long duplicates;
    private readonly ConcurrentDictionary<string, long> rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> pixelDropped = new(StringComparer.Ordinal);

    public long Accepted => Interlocked.Read(ref accepted);
    public long Duplicates => Interlocked.Read(ref duplicates);
    public IReadOnlyDictionary<string, long> RejectedByReason => rejected;
    public IReadOnlyDictionary<string, long> PixelDroppedByReason => pixelDropped;

    public void CountAccepted(long n) => Interlocked.Add(ref accepted, n);
    public void CountDuplicates(long n) => Interlocked.Add(ref duplicates, n);
    public void CountRejected(string reason, long n = 1) => rejected.AddOrUpdate(reason, n, (_, v) => v + n);
    public void CountPixelDropped(string reason) => pixelDropped.AddOrUpdate(reason, 1, (_, v) => v + 1);

    /// <summary>The label for a rejection: its field (bounded set), never the free-text reason.</summary>
    public static string ReasonLabel(string field)
    {
        var dot = field.IndexOf('.');
        var root = dot < 0 ? field : field[..dot];
        return root.Length == 0 ? "body" : root;
    }
}
