using BenchmarkDotNet.Attributes;
using Nurture.Abstractions.Events;
using Nurture.Ingest.Normalisation;
using Nurture.Ingest.Pipeline;
using Nurture.Ingest.Wire;

namespace Nurture.Benchmarks.Micro;

/// <summary>
/// What ingest does to every event before the spool: URL, UTM and click-id parsing, channel and user
/// agent classification, the retry key. Each benchmark walks the whole sample mix; times are per item.
/// </summary>
[MemoryDiagnoser]
public class NormalisationBenchmarks
{
    private IncomingEvent[] events = [];
    private ClientContext context = null!;
    private UserAgentInfo agent = null!;
    private string[] userAgents = [];
    private (string? ReferrerHost, string? PageHost, AcquisitionParams Acquisition)[] channelInputs = [];

    [GlobalSetup]
    public void Setup()
    {
        events = SampleInputs.IncomingEvents();
        context = SampleInputs.Context();
        agent = UserAgentClassifier.Classify(context.UserAgent);
        userAgents = [.. SampleInputs.UserAgents];
        channelInputs = SampleInputs.Pages.Select(p =>
        {
            var page = UrlParts.Parse(p.Url);
            return (UrlParts.Parse(p.Referrer)?.Host, page?.Host, AcquisitionParams.FromQuery(page?.Query));
        }).ToArray();
    }

    [Benchmark(OperationsPerInvoke = 8)]
    public TrackedEvent Normalise()
    {
        TrackedEvent last = null!;
        foreach (var e in events) last = EventNormaliser.Normalise(e, SampleInputs.Site, context, agent);
        return last;
    }

    [Benchmark(OperationsPerInvoke = 14)]
    public UserAgentInfo ClassifyUserAgent()
    {
        UserAgentInfo last = null!;
        foreach (var ua in userAgents) last = UserAgentClassifier.Classify(ua);
        return last;
    }

    [Benchmark(OperationsPerInvoke = 8)]
    public string ClassifyChannel()
    {
        var last = "";
        foreach (var (referrerHost, pageHost, acquisition) in channelInputs) last = ChannelClassifier.Classify(referrerHost, pageHost, acquisition);
        return last;
    }

    [Benchmark(OperationsPerInvoke = 8)]
    public ulong DedupeKey()
    {
        ulong last = 0;
        foreach (var e in events) last = EventNormaliser.DedupeKey(SampleInputs.Site.Id, e.VisitorId, e.EventId);
        return last;
    }
}
