using Nurture.Benchmarks.Results;

namespace Nurture.Benchmarks.Load;

/// <summary>
/// Server CPU spent on a phase, from its start until the consumers had taken all of it, and how many
/// times lead state was written to PostgreSQL meanwhile (null when that could not be read), and how
/// many events the server answered but did not keep (pixel drops and rejections) during it, and what
/// its managed heap did meanwhile (bytes allocated, gen 2 collections, time paused for GC), and what
/// the whole machine spent over the same span (<see cref="MachineCpu"/>).
/// </summary>
public sealed record PhaseUsage(double CpuSeconds, long EventsAccepted, TimeSpan? DrainAfter, long? LeadStateWrites, long Lost, GcUsage Gc, double MachineCpuSeconds)
{
    public double CpuMicrosecondsPerEvent => EventsAccepted == 0 ? double.NaN : CpuSeconds * 1e6 / EventsAccepted;
    public double MachineMicrosecondsPerEvent => EventsAccepted == 0 ? double.NaN : MachineCpuSeconds * 1e6 / EventsAccepted;
    public double AllocatedBytesPerEvent => EventsAccepted == 0 ? double.NaN : (double)Gc.AllocatedBytes / EventsAccepted;
}

/// <summary>The managed heap's share of a phase, from the server's /metrics.</summary>
public readonly record struct GcUsage(long AllocatedBytes, long Gen2Collections, double PauseSeconds)
{
    public static GcUsage Between(ServerMetrics before, ServerMetrics after) => new(
        after.AllocatedBytes - before.AllocatedBytes, after.Gen2Collections - before.Gen2Collections, after.GcPauseSeconds - before.GcPauseSeconds);
}

/// <summary>The end-of-run check that every acknowledged event is in ClickHouse exactly once.</summary>
public sealed record AuditResult(
    long ClientAcknowledged, long ServerAccepted, long PixelDropped, long Rejected, long Duplicates,
    long RowsInClickHouse, long DistinctInClickHouse, TimeSpan? WaitedForClickHouse, string Losses)
{
    public bool AllLanded =>
        PixelDropped == 0 && Rejected == 0 && Duplicates == 0 && ServerAccepted >= ClientAcknowledged &&
        RowsInClickHouse == ServerAccepted && DistinctInClickHouse == RowsInClickHouse;
}

/// <summary>Everything one load run measured, filled in phase by phase.</summary>
public sealed class LoadResults
{
    public required LoadOptions Options { get; init; }
    public required MachineInfo Machine { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public TimeSpan Took { get; set; }

    public WrkResult? KestrelStatic { get; set; }
    public WrkResult? KestrelScripted { get; set; }
    /// <summary>The whole machine's CPU seconds during the scripted Kestrel run (Kestrel and wrk).</summary>
    public double? KestrelScriptedMachineCpuSeconds { get; set; }
    /// <summary>Bare Kestrel under the fixed-rate generator: the floor of that latency on this machine.</summary>
    public FixedRateResult? KestrelFixedRate { get; set; }
    public RawInsertResult? RawInsert { get; set; }

    public TimeSpan ServerStartup { get; set; }
    public AlertLatencyResult? AlertsAtRest { get; set; }
    public AlertLatencyResult? AlertsUnderLoad { get; set; }
    public AlertLatencyResult? AlertsAtHalfCapacity { get; set; }
    public FixedRateResult? HalfCapacity { get; set; }
    public PhaseUsage? HalfCapacityUsage { get; set; }
    public List<LeadStepResult> LeadSteps { get; } = [];

    public WrkResult? PixelReturning { get; set; }
    public PhaseUsage? PixelReturningUsage { get; set; }

    public WrkResult? Pixel { get; set; }
    public PhaseUsage? PixelUsage { get; set; }
    public AckLagResult? PixelLag { get; set; }

    public FixedRateResult? FixedRate { get; set; }
    public PhaseUsage? FixedRateUsage { get; set; }
    public AckLagResult? FixedRateLag { get; set; }

    public BatchResult? Batch { get; set; }
    public PhaseUsage? BatchUsage { get; set; }

    public AuditResult? Audit { get; set; }
    public ProcessUsage? ServerAtEnd { get; set; }
    public LeadStorageStats? LeadStorage { get; set; }

    /// <summary>Events the load generators saw acknowledged (GIF answered, or counted in a 202).</summary>
    public long ClientAcknowledged { get; set; }

    /// <summary>Anything that did not go as planned (a consumer not catching up in time, for example).</summary>
    public List<string> Notes { get; } = [];
}
