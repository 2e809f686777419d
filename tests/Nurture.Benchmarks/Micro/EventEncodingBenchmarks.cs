using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Nurture.Abstractions.Events;
using Nurture.EventStore;
using Nurture.Spool;

namespace Nurture.Benchmarks.Micro;

/// <summary>
/// What every event costs on its way through the spool: written once at ingest, read back by each
/// consumer (leads, ClickHouse), and turned into a ClickHouse row. Times are per event of the sample mix.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A MemoryStream holds no resource; the process ends with the run.")]
public class EventEncodingBenchmarks
{
    private TrackedEvent[] events = [];
    private byte[][] payloads = [];
    private readonly JsonRowWriter rowWriter = new();
    private readonly MemoryStream rows = new();

    [GlobalSetup]
    public void Setup()
    {
        events = SampleInputs.TrackedEvents();
        payloads = SampleInputs.SpoolPayloads();
    }

    [Benchmark(OperationsPerInvoke = 8)]
    public int WriteToSpool()
    {
        var length = 0;
        foreach (var e in events) length += JsonSerializer.SerializeToUtf8Bytes(e, SpoolJson.Writer).Length;
        return length;
    }

    [Benchmark(OperationsPerInvoke = 8)]
    public TrackedEvent ReadFromSpool()
    {
        TrackedEvent last = null!;
        foreach (var payload in payloads) last = JsonSerializer.Deserialize(payload, SpoolJson.Reader)!;
        return last;
    }

    [Benchmark(OperationsPerInvoke = 8)]
    public long WriteClickHouseRow()
    {
        rows.SetLength(0);
        for (var i = 0; i < events.Length; i++) EventsTable.Write(rowWriter, events[i], "bench", i, rows);
        return rows.Length;
    }
}
