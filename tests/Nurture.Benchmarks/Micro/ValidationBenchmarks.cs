using System.Text;
using BenchmarkDotNet.Attributes;
using Nurture.Benchmarks.Load.Traffic;
using Nurture.Ingest.Wire;

namespace Nurture.Benchmarks.Micro;

/// <summary>The wire format: a /collect body of 20 events (one with an identify) and one pixel query string.</summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private byte[] batch = [];
    private string pixelQuery = "";

    [GlobalSetup]
    public void Setup()
    {
        var sites = new[] { new BenchSite(SampleInputs.Site.Id, SampleInputs.Site.Key, "www.acme-analytics.com") };
        var traffic = new TrafficModel(sites, new Population("m", 100_000, 0.1), "micro", seed: 3);
        // The same generator as the load test; take the first session that includes an identify.
        do batch = traffic.SessionBatch("e", 20, out _);
        while (!Encoding.UTF8.GetString(batch).Contains("\"identify\"", StringComparison.Ordinal));
        var path = traffic.PixelPath("e1", out _);
        pixelQuery = path[path.IndexOf('?')..];
        if (CollectBatchParser.Parse(batch).Events.Count != 20) throw new InvalidOperationException("the sample batch does not validate");
        if (PixelQueryParser.Parse(pixelQuery).Event is null) throw new InvalidOperationException("the sample pixel query does not validate");
    }

    [Benchmark]
    public ParsedBatch ParseCollectBatchOf20() => CollectBatchParser.Parse(batch);

    [Benchmark]
    public IncomingEvent? ParsePixelQuery() => PixelQueryParser.Parse(pixelQuery).Event;
}
