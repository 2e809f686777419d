using System.Diagnostics;
using Nurture.Benchmarks.Load.Traffic;

namespace Nurture.Benchmarks.Load;

public sealed record LeadStepResult(
    int NewLeads, int ActiveLeadsAfter, long EventsAccepted, long FailedBatches, ProcessUsage Before, ProcessUsage After, TimeSpan Sending, TimeSpan? Settling)
{
    public double BytesPerLead => (double)(After.RssBytes - Before.RssBytes) / NewLeads;
    public double CpuSeconds => After.CpuSeconds - Before.CpuSeconds;
    public double LeadsPerSecond => Settling is { } settled ? NewLeads / (Sending + settled).TotalSeconds : double.NaN;
}

/// <summary>
/// Memory per active lead: the server's RSS before and after N new visitors of the returning
/// population (through /collect, 20 a batch, a tenth of them identifying) became lead grains and their
/// state was written, over N. Later phases send these visitors' traffic to leads that already exist.
/// Orleans keeps an idle grain for 15 minutes by default, longer than steps of up to a few hundred
/// thousand leads take, so every lead counted there is still in memory when RSS is read (a longer step
/// gets a note in the report).
/// </summary>
public static class LeadActivation
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<LeadStepResult> RunAsync(
        ServerUnderTest server, IReadOnlyList<BenchSite> sites, Population population, int firstVisitor, int count, int connections, TimeSpan timeout)
    {
        await Task.Delay(Settle);
        var before = server.Usage();
        using var http = LoadHttp.Create(server.BaseAddress, connections);
        const int perBatch = 20;
        var batches = (count + perBatch - 1) / perBatch;
        var next = -1;
        long accepted = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var traffic = new TrafficModel(sites, population, "act", seed: 9000 + worker);
            for (var batch = Interlocked.Increment(ref next); batch < batches && clock.Elapsed < timeout; batch = Interlocked.Increment(ref next))
            {
                var first = firstVisitor + batch * perBatch;
                var body = traffic.ActivationBatch(first, Math.Min(perBatch, firstVisitor + count - first), out var userAgent);
                var kept = await BatchLoad.PostAsync(http, body, userAgent);
                if (kept >= 0) Interlocked.Add(ref accepted, kept);
                else Interlocked.Increment(ref failed);
            }
        })));
        var sending = clock.Elapsed;
        var settling = await server.WaitForConsumersAsync(timeout - sending);
        await Task.Delay(Settle);
        return new LeadStepResult(count, firstVisitor + count, accepted, failed, before, server.Usage(), sending, settling);
    }
}
