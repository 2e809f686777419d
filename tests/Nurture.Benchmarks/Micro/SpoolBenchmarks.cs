using BenchmarkDotNet.Attributes;
using Nurture.Benchmarks.Shared;
using Nurture.Spool;

namespace Nurture.Benchmarks.Micro;

/// <summary>
/// EventSpool.AppendAsync of 20-event batches on the repository's disk (not /tmp, which may be
/// memory). Every append waits for an fsync, so one caller at a time measures the disk's flush
/// latency; 16 concurrent callers show what group commit makes of it (time per batch).
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes it in [GlobalCleanup].")]
public class SpoolBenchmarks
{
    private const int Concurrent = 16;
    private string directory = "";
    private EventSpool spool = null!;
    private byte[][] payloads = [];
    private ulong nextKey;

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(RepoRoot.Find(), ".data", "bench", $"micro-spool-{Guid.NewGuid():N}");
        // No consumers and a huge budget: the benchmark appends far more than it would ever keep.
        spool = new EventSpool(new SpoolOptions { Directory = directory, MaxBytes = 1L << 40, Consumers = [] }, TimeProvider.System);
        payloads = SampleInputs.SpoolPayloads();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        spool.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark]
    public Task<long[]> Append20() => spool.AppendAsync(Batch());

    [Benchmark(OperationsPerInvoke = Concurrent)]
    public Task Append20With16Concurrent() => Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => spool.AppendAsync(Batch())));

    /// <summary>20 events with fresh retry keys, as 20 distinct client events would have.</summary>
    private SpoolEntry[] Batch()
    {
        var entries = new SpoolEntry[20];
        for (var i = 0; i < entries.Length; i++) entries[i] = new SpoolEntry(++nextKey, payloads[i % payloads.Length]);
        return entries;
    }
}
