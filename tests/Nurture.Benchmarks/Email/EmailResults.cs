using Nurture.Benchmarks.Results;

namespace Nurture.Benchmarks.Email;

public sealed class EmailResults
{
    public required MachineInfo Machine { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public EmailBenchOptions Options { get; set; } = new();
    public SendRate? Baseline { get; set; }
    public SendPhase? Unpaced { get; set; }
    public SendPhase? Paced { get; set; }
    public bool AllDelivered { get; set; }
}

/// <summary>One sending phase: end to end, the API's queueing alone, the outbox draining what was left, and the server's CPU.</summary>
public sealed record SendPhase(SendRate EndToEnd, TimeSpan Queueing, SendRate Drain, double CpuSeconds);
