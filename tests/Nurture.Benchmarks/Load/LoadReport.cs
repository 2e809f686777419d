using System.Globalization;
using System.Text;

namespace Nurture.Benchmarks.Load;

/// <summary>A load run as Markdown: the measurements with their same-run baselines, then the issue's targets.</summary>
public static class LoadReport
{
    public const double PixelTargetRatio = 0.5;
    public const double FixedRateP99TargetMs = 5;
    public const double LagP99TargetMs = 2000;
    public const double AlertP99TargetMs = 1000;

    public static string Render(LoadResults r)
    {
        var o = r.Options;
        var text = new StringBuilder();
        Line(text, $"Run {r.StartedAt:yyyy-MM-dd HH:mm} UTC, took {r.Took.TotalMinutes:0.0} min.");
        Line(text, $"Command: `{o.CommandLine}`");
        Line(text, $"Machine: {r.Machine.Describe()}.");
        Line(text, $"Settings: wrk -t{o.Threads} -c{o.Connections}, {o.Duration.TotalSeconds:0} s per saturation run; {o.Sites} sites; returning visitors = the {o.Leads[^1]:N0} leads of the memory phase (Zipf), " +
                   $"{o.NewVisitorShare:P0} of events from first-time visitors; fixed rate {o.Rate:N0}/s for {o.RateDuration.TotalSeconds:0} s; server started in {r.ServerStartup.TotalSeconds:0.0} s" +
                   $"{(o.SpoolParent is { } spool ? $"; the spool in {spool} (`--spool-dir`)" : "")}.");
        text.Append('\n');
        Line(text, "| Measure | Result | Same-run baseline | Ratio |");
        Line(text, "| --- | --- | --- | --- |");
        if (r.KestrelStatic is { } ks) Row(text, "Bare Kestrel GIF, static path (calibration)", Wrk(ks), "", "");
        if (r.KestrelScripted is { } kp)
            Row(text, "Bare Kestrel GIF, pixel.lua traffic", Wrk(kp) + (r.KestrelScriptedMachineCpuSeconds is { } m && kp.Requests > 0
                ? Invariant($"; the machine (Kestrel and wrk) {m * 1e6 / kp.Requests:N0} µs CPU/request") : ""), "", "");
        if (r.PixelReturning is { } pr && r.KestrelScripted is { } kr)
        {
            Row(text, "**Pixel ingest** `GET /t.gif`, returning visitors only (their leads exist)", Wrk(pr), $"bare Kestrel {kr.RequestsPerSecond:N0} req/s", Ratio(pr.RequestsPerSecond / kr.RequestsPerSecond));
        }
        if (r.Pixel is { } px && r.KestrelScripted is { } kb)
        {
            Row(text, $"**Pixel ingest** `GET /t.gif`, {o.NewVisitorShare:P0} of events from first-time visitors", Wrk(px), $"bare Kestrel {kb.RequestsPerSecond:N0} req/s", Ratio(px.RequestsPerSecond / kb.RequestsPerSecond));
        }
        if (r.KestrelFixedRate is { } kf)
            Row(text, $"Bare Kestrel GIF at a fixed {kf.Rate:N0} requests/s (the same open-loop generator)", FixedRate(kf), "", "");
        if (r.FixedRate is { } fr)
        {
            Row(text, $"**Pixel at a fixed {fr.Rate:N0} events/s** (open loop, {fr.Duration.TotalSeconds:0} s)", FixedRate(fr),
                r.KestrelFixedRate is { } kfr ? $"bare Kestrel at the same rate p50 {Ms(kfr.Latency.P50)} / p99 {Ms(kfr.Latency.P99)}" : "",
                r.KestrelFixedRate is { } k2 && k2.Latency.P99 > 0 ? Invariant($"p99 {fr.Latency.P99 / k2.Latency.P99:0.0}×") : "");
        }
        if (r.Batch is { } bt)
        {
            Row(text, $"**Batch ingest** `POST /collect` ({bt.EventsPerBatch}-event sessions, {bt.Connections} connections)",
                $"{bt.EventsPerSecond:N0} events/s ({bt.Batches / bt.Duration.TotalSeconds:N0} batches/s), batch p50 {bt.Latency.P50:0.00} / p95 {bt.Latency.P95:0.00} / p99 {bt.Latency.P99:0.00} ms, {bt.Failed} failed",
                r.RawInsert is { } ri ? $"raw ClickHouse insert {ri.RowsPerSecond:N0} rows/s" : "",
                r.RawInsert is { } rj ? Ratio(bt.EventsPerSecond / rj.RowsPerSecond) : "");
        }
        if (r.RawInsert is { } raw)
        {
            Row(text, "Raw ClickHouse JSONEachRow insert (events table shape)",
                $"{raw.RowsPerSecond:N0} rows/s ({raw.Rows:N0} rows in {raw.BatchRows:N0}-row inserts, {raw.BytesPerRow} B/row)", "", "");
        }
        if (r.FixedRateLag is { } fl) Row(text, $"**Ack → row in ClickHouse** at {o.Rate:N0} events/s", Lag(fl), "", "");
        if (r.PixelLag is { } pl) Row(text, "Ack → row in ClickHouse under pixel saturation", Lag(pl), "", "");
        if (r.AlertsAtRest is { } ar) Row(text, "**Hot-lead alert**: the tipping event's 202 → the workspace webhook, at rest", Alerts(ar), "", "");
        if (r.AlertsAtHalfCapacity is { } ah && r.HalfCapacity is { } hc)
            Row(text, $"**Hot-lead alert** at half the pixel capacity measured above ({hc.Rate:N0} events/s open loop; those requests p50 {Ms(hc.Latency.P50)} / p99 {Ms(hc.Latency.P99)}, {hc.Failed:N0} failed)", Alerts(ah), "", "");
        if (r.AlertsUnderLoad is { } al) Row(text, $"**Hot-lead alert** during the fixed rate of {o.Rate:N0} events/s", Alerts(al), "", "");
        foreach (var step in r.LeadSteps)
        {
            Row(text, $"**Memory per active lead** (+{step.NewLeads:N0} → {step.ActiveLeadsAfter:N0} leads)",
                $"{step.BytesPerLead / 1024:N1} KiB/lead (RSS {Mib(step.Before.RssBytes)} → {Mib(step.After.RssBytes)} MiB); " +
                $"{step.CpuSeconds:0.0} CPU s, {(double.IsNaN(step.LeadsPerSecond) ? "did not settle" : $"{step.LeadsPerSecond:N0} leads/s activated and persisted")}", "", "");
        }
        Usage(text, "Server CPU, pixel phase (returning visitors)", r.PixelReturningUsage);
        Usage(text, $"Server CPU, pixel phase ({o.NewVisitorShare:P0} first-time)", r.PixelUsage);
        Usage(text, "Server CPU, half-capacity phase", r.HalfCapacityUsage);
        Usage(text, "Server CPU, fixed-rate phase", r.FixedRateUsage);
        Usage(text, "Server CPU, batch phase", r.BatchUsage);
        if (r.ServerAtEnd is { } end) Row(text, "Server at the end", $"RSS {Mib(end.RssBytes)} MiB, {end.CpuSeconds:0.0} CPU s in total", "", "");
        if (r.LeadStorage is { } ls && r.Audit is { } acc)
        {
            Row(text, "Lead state in PostgreSQL (write-behind)",
                $"{ls.Writes:N0} writes of {ls.Leads:N0} leads = {(double)ls.Writes / acc.ServerAccepted:0.00} per accepted event, {ls.AverageBytes / 1024:N1} KiB each; " +
                $"the server holds {ls.ServerConnections} connections (max_connections {ls.MaxConnections})", "", "");
        }
        if (r.Audit is { } a)
        {
            Row(text, "**Every acknowledged event in ClickHouse, once**",
                $"{(a.AllLanded ? "yes" : "**NO**")}: {a.ClientAcknowledged:N0} acknowledged to the clients, {a.ServerAccepted:N0} accepted by the server, " +
                $"{a.RowsInClickHouse:N0} rows ({a.DistinctInClickHouse:N0} distinct event ids); dropped {a.PixelDropped}, rejected {a.Rejected}, duplicates {a.Duplicates}" +
                (a.WaitedForClickHouse is { } w ? $"; ClickHouse complete {w.TotalSeconds:0.0} s after the last phase" : "; ClickHouse incomplete when checked") +
                (a.Losses.Length > 0 ? $" ({a.Losses})" : ""), "", "");
        }
        text.Append('\n');
        Line(text, "Targets from issue 10:");
        text.Append('\n');
        Line(text, "| Target | Measured | |");
        Line(text, "| --- | --- | --- |");
        if (r.KestrelScripted is { } k && r.Audit is { } audit)
        {
            foreach (var (what, pixel) in new[] { ("returning visitors", r.PixelReturning), ($"{o.NewVisitorShare:P0} first-time visitors", r.Pixel) })
            {
                if (pixel is null) continue;
                var ratio = pixel.RequestsPerSecond / k.RequestsPerSecond;
                Line(text, $"| Pixel ingest ≥ {PixelTargetRatio}× bare Kestrel ({what}), every event landing in ClickHouse | {ratio:0.00}× ({pixel.RequestsPerSecond:N0} vs {k.RequestsPerSecond:N0} req/s), " +
                           $"{(audit.AllLanded ? "all landed" : "NOT all landed")} | {Met(ratio >= PixelTargetRatio && audit.AllLanded)} |");
            }
        }
        if (r.FixedRate is { } f)
            Line(text, $"| p99 < {FixedRateP99TargetMs} ms at {f.Rate:N0} events/s | p99 {Ms(f.Latency.P99)}{(f.Failed > 0 ? $", {f.Failed:N0} of {f.Sent:N0} failed" : "")}" +
                       $"{(r.KestrelFixedRate is { } kfr ? $" (bare Kestrel through the same generator: p99 {Ms(kfr.Latency.P99)})" : "")} | {Met(f.Latency.P99 < FixedRateP99TargetMs && f.Failed == 0)} |");
        if (r.FixedRateLag is { } lag)
            Line(text, $"| ClickHouse lag p99 < {LagP99TargetMs / 1000} s (at {o.Rate:N0} events/s) | p99 {lag.Lag.P99 / 1000:0.00} s | {Met(lag.Lag.P99 < LagP99TargetMs && lag.Landed == lag.Acknowledged)} |");
        foreach (var (when, alerts) in new[] { ("at rest", r.AlertsAtRest), ($"at half capacity, {r.HalfCapacity?.Rate:N0} events/s", r.AlertsAtHalfCapacity), ($"at {o.Rate:N0} events/s", r.AlertsUnderLoad) })
        {
            if (alerts is null) continue;
            Line(text, $"| Alert p99 < {AlertP99TargetMs / 1000} s ({when}) | p99 {Ms(alerts.Latency.P99)}, {alerts.Alerted} of {alerts.Triggered} alerted | {Met(alerts.Latency.P99 < AlertP99TargetMs && alerts.Alerted == alerts.Triggered)} |");
        }
        if (r.Notes.Count > 0)
        {
            text.Append('\n');
            foreach (var note in r.Notes) Line(text, $"- Note: {note}");
        }
        return text.ToString();
    }

    /// <summary>One line of the history table: the headline numbers of a run.</summary>
    public static string HistoryRow(LoadResults r)
    {
        var pixel = r.Pixel is { } p && r.KestrelScripted is { } k ? $"{p.RequestsPerSecond:N0} ({p.RequestsPerSecond / k.RequestsPerSecond:0.00}×)" : "—";
        var returning = r.PixelReturning is { } q && r.KestrelScripted is { } kq ? $"{q.RequestsPerSecond:N0} ({q.RequestsPerSecond / kq.RequestsPerSecond:0.00}×)" : "—";
        var fixedP99 = r.FixedRate is { } f ? Ms(f.Latency.P99) : "—";
        var lag = r.FixedRateLag is { } l ? $"{l.Lag.P99 / 1000:0.00} s" : "—";
        var batch = r.Batch is { } b ? $"{b.EventsPerSecond:N0}" : "—";
        var lead = r.LeadSteps.Count > 0 ? $"{r.LeadSteps[^1].BytesPerLead / 1024:N1} KiB" : "—";
        var landed = r.Audit is { } a ? (a.AllLanded ? "yes" : "NO") : "—";
        return Invariant($"| {r.StartedAt:yyyy-MM-dd HH:mm} | `{r.Options.CommandLine}` | {returning} | {pixel} | {fixedP99} | {lag} | {batch} | {lead} | {landed} |");
    }

    public const string HistoryHeader =
        "| When (UTC) | Command | Pixel req/s, returning (× Kestrel) | Pixel req/s, with first-time (× Kestrel) | p99 at fixed rate | Lag p99 | Batch events/s | Per lead | All landed |\n" +
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |";

    private static string Wrk(WrkResult w) =>
        Invariant($"{w.RequestsPerSecond:N0} req/s, p50 {w.P50:0.00} / p95 {w.P95:0.00} / p99 {w.P99:0.00} ms") +
        (w.SocketErrors + w.Non2xx + w.Timeouts > 0 ? Invariant($", errors: {w.SocketErrors} socket, {w.Non2xx} non-2xx, {w.Timeouts} timeouts") : "");

    private static string Alerts(AlertLatencyResult a) =>
        Invariant($"p50 {Ms(a.Latency.P50)} / p95 {Ms(a.Latency.P95)} / p99 {Ms(a.Latency.P99)} / max {Ms(a.Latency.Max)} ({a.Alerted} of {a.Triggered} prospects alerted)");

    private static string Lag(AckLagResult l) =>
        Invariant($"p50 {l.Lag.P50:N0} / p99 {l.Lag.P99:N0} / max {l.Lag.Max:N0} ms ({l.Landed} of {l.Acknowledged} probes landed; polled every {l.PollInterval.TotalMilliseconds:0} ms)");

    private static void Usage(StringBuilder text, string what, PhaseUsage? usage)
    {
        if (usage is null) return;
        var writes = usage.LeadStateWrites is { } w && usage.EventsAccepted > 0 ? Invariant($", {(double)w / usage.EventsAccepted:0.00} lead-state writes/event") : "";
        writes += Invariant($", {usage.AllocatedBytesPerEvent / 1024:0.0} KiB allocated/event, {usage.Gc.Gen2Collections} gen-2 GCs, {usage.Gc.PauseSeconds * 1000:N0} ms paused for GC");
        if (usage.Lost > 0) writes += Invariant($", **{usage.Lost} answered but not kept**");
        writes += Invariant($"; the whole machine {usage.MachineMicrosecondsPerEvent:N0} µs/event (server {usage.CpuSeconds / usage.MachineCpuSeconds * 100:0}%)");
        Row(text, what, Invariant($"{usage.CpuSeconds:0.0} CPU s for {usage.EventsAccepted:N0} events = {usage.CpuMicrosecondsPerEvent:N0} µs/event{writes} ") +
                        (usage.DrainAfter is { } d ? Invariant($"(consumers caught up {d.TotalSeconds:0.0} s after the load)") : "(consumers had not caught up)"), "", "");
    }

    /// <summary>Milliseconds; a request that never got its answer shows as such instead of "Infinity".</summary>
    private static string FixedRate(FixedRateResult f) =>
        $"p50 {Ms(f.Latency.P50)} / p95 {Ms(f.Latency.P95)} / p99 {Ms(f.Latency.P99)} / p99.9 {Ms(f.Latency.P999)} / max {Ms(f.Latency.Max)}; " +
        $"{f.AchievedRate:N0}/s sent, {f.Failed:N0} failed (no answer within {FixedRateLoad.RequestTimeout.TotalSeconds:0} s counts as infinitely slow)";

    private static string Ms(double ms) => double.IsPositiveInfinity(ms) ? "no answer" : Invariant($"{ms:0.00} ms");

    private static string Ratio(double ratio) => Invariant($"{ratio:0.00}×");
    private static string Mib(long bytes) => Invariant($"{bytes / 1024.0 / 1024.0:N0}");
    private static string Met(bool met) => met ? "met" : "**not met**";
    private static void Row(StringBuilder text, string a, string b, string c, string d) => Line(text, $"| {a} | {b} | {c} | {d} |");
    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
