using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Nurture.Benchmarks.Load.Traffic;

namespace Nurture.Benchmarks.Load;

/// <summary>
/// The phases of one load run, in order: baselines first (nothing else running), then the server:
/// warm-up, memory per lead on a fresh silo (those leads become the returning visitors), pixel
/// saturation with returning visitors only and with the usual share of first-time visitors, the
/// fixed-rate run, batch saturation, and the audit. Between phases the spool consumers catch up, so
/// each phase starts from a quiet server and its CPU figure includes the work its events caused downstream.
/// </summary>
public sealed class LoadRun(LoadOptions options, LoadResults results, BenchDatabases databases, ClickHouseHttp clickHouse, string repoRoot, string runDirectory, string spoolDirectory, string runId)
{
    /// <summary>Orleans' default GrainCollectionOptions.CollectionAge, which the server keeps.</summary>
    private static readonly TimeSpan IdleGrainLifetime = TimeSpan.FromMinutes(15);

    private Population Returning => new("m", options.Leads[^1], options.NewVisitorShare);

    public async Task ExecuteAsync()
    {
        // The baselines ignore site keys; placeholder sites give their requests the same size and shape.
        var placeholders = Enumerable.Range(1, options.Sites).Select(n => new BenchSite(Guid.NewGuid(), PlaceholderKey(), SiteHost(n))).ToList();
        var placeholderTraffic = Path.Combine(runDirectory, "traffic-placeholder.tsv");
        LuaTrafficFile.Write(placeholderTraffic, placeholders);

        Step($"bare Kestrel baseline (static path, then pixel.lua traffic, then {options.Rate:N0} requests/s from the open-loop generator)");
        using (var baseline = await KestrelBaselineProcess.StartAsync(runDirectory))
        {
            results.KestrelStatic = await WrkAsync(baseline.PixelUrl.ToString(), "report.lua", options.CalibrationDuration, [], "kestrel-static");
            var machineBefore = MachineCpu.BusySeconds();
            results.KestrelScripted = await WrkAsync(Root(baseline.PixelUrl), "pixel.lua", options.Duration, PixelArgs(placeholderTraffic, Returning, "kb"), "kestrel-pixel");
            results.KestrelScriptedMachineCpuSeconds = MachineCpu.BusySeconds() - machineBefore;
            // The latency floor of the fixed-rate measurement: this machine, loopback and the generator itself.
            results.KestrelFixedRate = await FixedRateLoad.RunAsync(new Uri(Root(baseline.PixelUrl)),
                new TrafficModel(placeholders, Returning, "kf", seed: 77), options.Rate, options.RateDuration, "kf");
        }

        Step("raw ClickHouse JSONEachRow insert baseline");
        results.RawInsert = await ClickHouseInsertBaseline.RunAsync(clickHouse, databases.RawClickHouse, placeholders, options.RawInsertRows, batchRows: 20_000);

        Step("starting the Nurture server (Release build), its workspace webhook pointing at our alert receiver");
        using var alertReceiver = new AlertReceiver();
        var clock = Stopwatch.StartNew();
        using var server = await ServerUnderTest.StartAsync(repoRoot, databases, runDirectory, runId,
            new Dictionary<string, string>
            {
                ["Nurture__Handoff__WebhookUrl"] = alertReceiver.Url, ["Nurture__Spool__Directory"] = spoolDirectory,
                // The receiver listens on 127.0.0.1, which outbound calls may reach only when allowed.
                ["Nurture__Outbound__AllowedNetworks__0"] = "127.0.0.1/32",
            });
        results.ServerStartup = clock.Elapsed;
        Console.WriteLine($"  server pid {server.Pid}, log {server.LogPath}");
        var sites = new List<BenchSite>();
        for (var n = 1; n <= options.Sites; n++) sites.Add(await server.CreateSiteAsync($"Bench site {n}", SiteHost(n)));
        var probeSite = await server.CreateSiteAsync("Lag probe", "probe.bench.example");
        var alertSite = await server.CreateSiteAsync("Alert probe", "alerts.bench.example");
        var traffic = Path.Combine(runDirectory, "traffic.tsv");
        LuaTrafficFile.Write(traffic, sites);

        // On two cores the tiered JIT alone takes several CPU seconds: measure after it, not during it.
        var warmUp = options.Quick ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(15);
        Step($"warm-up for {warmUp.TotalSeconds:0} s (JIT, connections, first grains; not reported)");
        var warmVisitors = new Population("w", 500, options.NewVisitorShare);
        var warm = await WrkAsync(Root(server.BaseAddress), "pixel.lua", warmUp, PixelArgs(traffic, warmVisitors, "warm"), "warm-up");
        results.ClientAcknowledged += warm.Requests - warm.Non2xx;
        var warmBatches = await BatchLoad.RunAsync(server.BaseAddress, sites, warmVisitors, 4, TimeSpan.FromSeconds(2), "warm");
        results.ClientAcknowledged += warmBatches.EventsAccepted;
        await DrainAsync(server, "warm-up");

        Step($"alert latency at rest: a prospect turning hot every 250 ms for {options.AlertDuration.TotalSeconds:0} s, nothing else running");
        await using (var alerts = new AlertLatencyProbe(server.BaseAddress, alertSite, alertReceiver, "al-rest"))
        {
            await Task.Delay(options.AlertDuration);
            results.AlertsAtRest = await alerts.StopAsync(TimeSpan.FromSeconds(30));
        }
        await DrainAsync(server, "alerts at rest");

        var activated = 0;
        foreach (var target in options.Leads)
        {
            Step($"memory per lead: leads {activated:N0} → {target:N0} through /collect");
            var step = await LeadActivation.RunAsync(server, sites, Returning, activated, target - activated, options.Connections, options.LeadStepTimeout);
            if (step.Settling is null) results.Notes.Add($"lead step to {target:N0}: the lead dispatcher had not caught up after {options.LeadStepTimeout.TotalSeconds:0} s; RSS measured anyway.");
            if (step.Sending + (step.Settling ?? TimeSpan.Zero) > IdleGrainLifetime)
                results.Notes.Add($"lead step to {target:N0} took longer than Orleans keeps an idle grain ({IdleGrainLifetime.TotalMinutes:0} min): its first leads were written and deactivated before RSS was read, so its KiB per lead is below what all of them held in memory at once would take.");
            if (step.FailedBatches > 0) results.Notes.Add($"lead step to {target:N0}: {step.FailedBatches} batches were refused (see the server log); those visitors are not leads.");
            results.LeadSteps.Add(step);
            results.ClientAcknowledged += step.EventsAccepted;
            activated = target;
        }

        var wrkShape = $"wrk -t{options.Threads} -c{options.Connections} for {options.Duration.TotalSeconds:0} s";
        Step($"pixel saturation, returning visitors only: {wrkShape}");
        (results.PixelReturning, results.PixelReturningUsage, _) = await MeasureAsync(server, null, "pixel-returning", async () =>
            await PixelAsync(server, traffic, Returning with { NewVisitorShare = 0 }, "pr"));

        Step($"pixel saturation, {options.NewVisitorShare:P0} first-time visitors: {wrkShape}, ack→ClickHouse probe alongside");
        (results.Pixel, results.PixelUsage, results.PixelLag) = await MeasureAsync(server, probeSite, "pixel", async () =>
            await PixelAsync(server, traffic, Returning, "px"));

        // The fixed rate below is more than this machine's server takes; alerts are also timed at a load it sustains.
        var sustainable = (int)Math.Max(100, Math.Round((results.Pixel?.RequestsPerSecond ?? 200) / 2 / 50) * 50);
        Step($"alert latency at half the measured pixel capacity: {sustainable:N0} pixel events/s for {options.AlertDuration.TotalSeconds:0} s, alert probe alongside");
        var halfTraffic = new TrafficModel(sites, Returning, "hc", seed: 78);
        (results.HalfCapacity, results.HalfCapacityUsage, _) = await MeasureAsync(server, null, "half-capacity", async () =>
        {
            await using var alerts = new AlertLatencyProbe(server.BaseAddress, alertSite, alertReceiver, "al-hc");
            var run = await FixedRateLoad.RunAsync(server.BaseAddress, halfTraffic, sustainable, options.AlertDuration, "hc");
            results.ClientAcknowledged += run.Acknowledged;
            results.AlertsAtHalfCapacity = await alerts.StopAsync(TimeSpan.FromSeconds(30));
            return run;
        });

        Step($"fixed rate: {options.Rate:N0} pixel events/s for {options.RateDuration.TotalSeconds:0} s (open loop), lag and alert probes alongside");
        var fixedTraffic = new TrafficModel(sites, Returning, "fr", seed: 77);
        (results.FixedRate, results.FixedRateUsage, results.FixedRateLag) = await MeasureAsync(server, probeSite, "fixed-rate", async () =>
        {
            await using var alerts = new AlertLatencyProbe(server.BaseAddress, alertSite, alertReceiver, "al-fr");
            var run = await FixedRateLoad.RunAsync(server.BaseAddress, fixedTraffic, options.Rate, options.RateDuration, "fr");
            results.ClientAcknowledged += run.Acknowledged;
            results.AlertsUnderLoad = await alerts.StopAsync(TimeSpan.FromSeconds(30));
            return run;
        });

        Step($"batch saturation: /collect, 20-event sessions, {options.Connections} connections for {options.Duration.TotalSeconds:0} s");
        (results.Batch, results.BatchUsage, _) = await MeasureAsync(server, null, "batch", async () =>
        {
            var batch = await BatchLoad.RunAsync(server.BaseAddress, sites, Returning, options.Connections, options.Duration, "bt");
            results.ClientAcknowledged += batch.EventsAccepted;
            return batch;
        });

        Step("audit: every acknowledged event in ClickHouse, once");
        var waited = await server.WaitForClickHouseAsync(TimeSpan.FromSeconds(options.Quick ? 60 : 180));
        var metrics = await server.MetricsAsync();
        var counts = (await clickHouse.QueryAsync("SELECT count(), uniqExact(event_id) FROM events FORMAT TabSeparated", databases.Name)).Trim().Split('\t');
        results.Audit = new AuditResult(
            results.ClientAcknowledged, metrics.Accepted, metrics.PixelDropped, metrics.Rejected, metrics.Duplicates,
            long.Parse(counts[0], CultureInfo.InvariantCulture), long.Parse(counts[1], CultureInfo.InvariantCulture), waited, metrics.Losses);
        results.ServerAtEnd = server.Usage();
        results.LeadStorage = await LeadStorageStats.ReadAsync(databases);
    }

    private async Task<WrkResult> PixelAsync(ServerUnderTest server, string traffic, Population population, string tag)
    {
        var pixel = await WrkAsync(Root(server.BaseAddress), "pixel.lua", options.Duration, PixelArgs(traffic, population, tag), tag);
        results.ClientAcknowledged += pixel.Requests - pixel.Non2xx;
        return pixel;
    }

    /// <summary>
    /// Runs a phase with the server's CPU and accepted count read around it (through the consumers'
    /// catch-up) and, when a probe site is given, the ack→ClickHouse probe running alongside.
    /// </summary>
    private async Task<(T Result, PhaseUsage Usage, AckLagResult? Lag)> MeasureAsync<T>(ServerUnderTest server, BenchSite? probeSite, string name, Func<Task<T>> phase)
    {
        var before = server.Usage();
        var machineBefore = MachineCpu.BusySeconds();
        var metricsBefore = await server.MetricsAsync();
        var writesBefore = (await LeadStorageStats.ReadAsync(databases))?.Writes;
        AckLagResult? lag = null;
        T result;
        if (probeSite is null)
        {
            result = await phase();
        }
        else
        {
            await using var probe = new AckLagProbe(server.BaseAddress, probeSite, clickHouse, databases.Name, $"probe-{name}");
            result = await phase();
            lag = await probe.StopAsync(TimeSpan.FromSeconds(10));
            results.ClientAcknowledged += lag.Acknowledged;
        }
        var drained = await DrainAsync(server, name);
        var metricsAfter = await server.MetricsAsync();
        var accepted = metricsAfter.Accepted - metricsBefore.Accepted;
        var lost = metricsAfter.PixelDropped + metricsAfter.Rejected - metricsBefore.PixelDropped - metricsBefore.Rejected;
        var cpu = server.Usage().CpuSeconds - before.CpuSeconds;
        var machine = MachineCpu.BusySeconds() - machineBefore;
        var writesAfter = (await LeadStorageStats.ReadAsync(databases))?.Writes;
        return (result, new PhaseUsage(cpu, accepted, drained, writesAfter - writesBefore, lost, GcUsage.Between(metricsBefore, metricsAfter), machine), lag);
    }

    private async Task<TimeSpan?> DrainAsync(ServerUnderTest server, string phase)
    {
        var drained = await server.WaitForConsumersAsync(options.DrainTimeout);
        if (drained is null) results.Notes.Add($"after {phase}: the spool consumers had not caught up within {options.DrainTimeout.TotalSeconds:0} s; the next phase started with a backlog.");
        else Console.WriteLine($"  consumers caught up {drained.Value.TotalSeconds:0.0} s after {phase}");
        return drained;
    }

    private async Task<WrkResult> WrkAsync(string url, string script, TimeSpan duration, IReadOnlyList<string> args, string name)
    {
        var result = await Wrk.RunAsync(url, script, options.Threads, options.Connections, duration, args, Path.Combine(runDirectory, $"wrk-{name}.log"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {result.RequestsPerSecond:N0} req/s, p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms, errors {result.SocketErrors + result.Non2xx + result.Timeouts}"));
        return result;
    }

    private static string[] PixelArgs(string trafficFile, Population population, string tag) =>
        [trafficFile, population.Prefix, population.Size.ToString(CultureInfo.InvariantCulture), population.NewVisitorShare.ToString(CultureInfo.InvariantCulture), tag];

    private static string Root(Uri url) => $"{url.Scheme}://{url.Authority}/";

    private static string SiteHost(int n) => $"www.site{n}.bench.example";

    private static string PlaceholderKey() => "sk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static void Step(string what) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {what}");
}
