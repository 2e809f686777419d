using System.Collections.Concurrent;

namespace Nurture.Ingest.Pipeline;

/// <summary>Counters of what ingest kept and dropped, by reason; exported at /metrics.</summary>
public sealed class IngestMetrics
{
    private long accepted;
    private long duplicates;
    private long traitsRefused;
    private readonly ConcurrentDictionary<string, long> rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> pixelDropped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> limited = new(StringComparer.Ordinal);

    public long Accepted => Interlocked.Read(ref accepted);
    public long Duplicates => Interlocked.Read(ref duplicates);
    public long TraitsRefused => Interlocked.Read(ref traitsRefused);
    public IReadOnlyDictionary<string, long> RejectedByReason => rejected;
    public IReadOnlyDictionary<string, long> PixelDroppedByReason => pixelDropped;
    public IReadOnlyDictionary<string, long> LimitedByLimit => limited;

    public void CountAccepted(long n) => Interlocked.Add(ref accepted, n);
    public void CountDuplicates(long n) => Interlocked.Add(ref duplicates, n);
    public void CountTraitRefused() => Interlocked.Increment(ref traitsRefused);
    public void CountRejected(string reason, long n = 1) => rejected.AddOrUpdate(reason, n, (_, v) => v + n);
    public void CountPixelDropped(string reason) => pixelDropped.AddOrUpdate(reason, 1, (_, v) => v + 1);

    /// <summary>A request or identify refused by an abuse limit (<see cref="PublicLimitOptions"/>), by the limit's name.</summary>
    public void CountLimited(string limit) => limited.AddOrUpdate(limit, 1, (_, v) => v + 1);

    /// <summary>The label for a rejection: its field (bounded set), never the free-text reason.</summary>
    public static string ReasonLabel(string field)
    {
        var dot = field.IndexOf('.');
        var root = dot < 0 ? field : field[..dot];
        return root.Length == 0 ? "body" : root;
    }
}
