namespace Nurture.Spool;

/// <summary>A spool's fill and each consumer's lag in records, for /metrics and /readyz.</summary>
public sealed record SpoolStats(
    long CommittedSeq,
    long TotalBytes,
    long UnconsumedBytes,
    long MaxBytes,
    IReadOnlyDictionary<string, long> ConsumerLag);
