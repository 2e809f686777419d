using BenchmarkDotNet.Attributes;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.Leads;

namespace Nurture.Benchmarks.Micro;

/// <summary>
/// LeadRecorder.Apply, the per-event work of a lead grain: to a lead in steady state (a full list of
/// recent events, one visitor) and to a brand-new lead. Each call stamps a fresh spool sequence, as
/// the dispatcher does; that record copy is part of the measured time.
/// </summary>
[MemoryDiagnoser]
public class LeadRecorderBenchmarks
{
    private TrackedEvent[] events = [];
    private LeadState active = null!;
    private Guid leadId;
    private DateTimeOffset start;
    private long seq;

    [GlobalSetup]
    public void Setup()
    {
        var tracked = SampleInputs.TrackedEvents();
        leadId = tracked[0].LeadId;
        events = tracked.Select(e => e with { VisitorId = tracked[0].VisitorId, LeadId = leadId, SpoolNode = "node1" }).ToArray();
        start = events[0].ReceivedAt;
        active = new LeadState();
        for (var i = 0; i < 2 * LeadRecorder.RecentEventLimit; i++) ApplyToActiveLead();
    }

    [Benchmark]
    public bool ApplyToActiveLead()
    {
        seq++;
        var e = events[seq % events.Length] with { SpoolSeq = seq, ReceivedAt = start.AddSeconds(seq) };
        return LeadRecorder.Apply(active, leadId, e);
    }

    [Benchmark]
    public bool ApplyToNewLead() => LeadRecorder.Apply(new LeadState(), leadId, events[0] with { SpoolSeq = 1 });
}
