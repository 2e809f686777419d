using System.Globalization;
using System.Text;
using Nurture.EventStore;
using Nurture.Ingest.Pipeline;
using Nurture.Ingest.Spool;

namespace Nurture.Server.Apis;

/// <summary>Prometheus text exposition of ingest counters, spool depth, ClickHouse lag and the process's own CPU, memory and GC.</summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", Render).WithTags("Health");
        return app;
    }

    private static IResult Render(IngestMetrics ingest, EventSpool spool, ClickHouseWriterStatus writer)
    {
        var text = new StringBuilder();
        var stats = spool.GetStats();
        Counter(text, "nurture_events_accepted_total", "Events kept (acknowledged and spooled).", ingest.Accepted);
        Counter(text, "nurture_events_duplicate_total", "Retried events acknowledged but kept once.", ingest.Duplicates);
        Labelled(text, "nurture_events_rejected_total", "counter", "Events refused, by field or reason.", "reason", ingest.RejectedByReason);
        Counter(text, "nurture_traits_refused_total", "Traits dropped from kept events (reserved, not a trait name, or not allowed by the site).", ingest.TraitsRefused);
        Labelled(text, "nurture_rate_limited_total", "counter", "Requests and identifies refused by an abuse limit (Nurture:Limits), by limit.", "limit", ingest.LimitedByLimit);
        Labelled(text, "nurture_pixel_dropped_total", "counter", "Pixel requests answered but not kept, by reason.", "reason", ingest.PixelDroppedByReason);
        Gauge(text, "nurture_spool_bytes", "Bytes in spool segments.", stats.TotalBytes);
        Gauge(text, "nurture_spool_unconsumed_bytes", "Bytes not yet taken by every consumer.", stats.UnconsumedBytes);
        Gauge(text, "nurture_spool_max_bytes", "Unconsumed bytes at which ingest answers 503.", stats.MaxBytes);
        Labelled(text, "nurture_spool_consumer_lag_events", "gauge", "Events a consumer has not yet processed.", "consumer", stats.ConsumerLag);
        Gauge(text, "nurture_clickhouse_lag_seconds", "Age of the newest event in the last ClickHouse insert.", writer.Lag.TotalSeconds);
        Counter(text, "nurture_clickhouse_rows_written_total", "Rows inserted into ClickHouse.", writer.RowsWritten);
        Counter(text, "nurture_clickhouse_failures_total", "Failed ClickHouse writes (retried).", writer.Failures);
        Runtime(text);
        return TypedResults.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }

    /// <summary>What an operator sizing a node (and the load benchmark) reads per phase: CPU, memory, allocation and GC.</summary>
    private static void Runtime(StringBuilder text)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        Counter(text, "process_cpu_seconds_total", "CPU time of this process, user and system.", process.TotalProcessorTime.TotalSeconds);
        Gauge(text, "process_resident_memory_bytes", "Resident memory of this process.", process.WorkingSet64);
        Gauge(text, "dotnet_gc_heap_bytes", "Managed heap size after the last collection.", GC.GetGCMemoryInfo().HeapSizeBytes);
        Counter(text, "dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap.", GC.GetTotalAllocatedBytes());
        Counter(text, "dotnet_gc_pause_seconds_total", "Time the runtime was paused for garbage collection.", GC.GetTotalPauseDuration().TotalSeconds);
        Labelled(text, "dotnet_gc_collections_total", "counter", "Garbage collections, by generation (a gen 2 collection counts in 0 and 1 too).", "generation",
            Enumerable.Range(0, GC.MaxGeneration + 1).ToDictionary(g => g.ToString(CultureInfo.InvariantCulture), g => (long)GC.CollectionCount(g)));
    }

    private static void Counter(StringBuilder text, string name, string help, double value) => Single(text, name, "counter", help, value);

    private static void Gauge(StringBuilder text, string name, string help, double value) => Single(text, name, "gauge", help, value);

    private static void Single(StringBuilder text, string name, string type, string help, double value) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
            .Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Labelled(StringBuilder text, string name, string type, string help, string label, IReadOnlyDictionary<string, long> values)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var escaped = key.Replace("\\", @"\\").Replace("\"", "\\\"").Replace("\n", @"\n");
            text.Append(name).Append('{').Append(label).Append("=\"").Append(escaped).Append("\"} ")
                .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
