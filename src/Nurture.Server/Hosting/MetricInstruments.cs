using System.Diagnostics.Metrics;
using System.Globalization;
using Nurture.EventStore;
using Nurture.Ingest.Pipeline;
using Nurture.Spool;

namespace Nurture.Server.Hosting;

/// <summary>
/// Every series of /metrics, as observable instruments on this node's "Nurture" meter, read when scraped:
/// the ingest path keeps its one Interlocked add per count (no listener on the request path), and a count
/// that has not moved yet still reads 0. Each instrument is named after its Prometheus series: the exporter
/// adds "_total" to a counter and does not repeat a unit the name already ends with.
/// </summary>
public sealed class MetricInstruments
{
    public const string MeterName = "Nurture";

    /// <summary>This host's meter; /metrics exports its instruments and no other meter's of the same name (another host in the process).</summary>
    public Meter Meter { get; }

    public MetricInstruments(IMeterFactory meters, IngestMetrics ingest, EventSpool spool, ClickHouseWriterStatus writer)
    {
        Meter = meters.Create(MeterName);
        AddIngest(ingest);
        AddStorage(spool, writer);
        AddRuntime();
    }

    private void AddIngest(IngestMetrics ingest)
    {
        Meter.CreateObservableCounter("nurture_events_accepted", () => ingest.Accepted, "{event}", "Events kept (acknowledged and spooled).");
        Meter.CreateObservableCounter("nurture_events_duplicate", () => ingest.Duplicates, "{event}", "Retried events acknowledged but kept once.");
        Labelled("nurture_events_rejected", "reason", () => ingest.RejectedByReason, "{event}", "Events refused, by field or reason.");
        Meter.CreateObservableCounter("nurture_traits_refused", () => ingest.TraitsRefused, "{trait}",
            "Traits dropped from kept events (reserved, not a trait name, or not allowed by the site).");
        Labelled("nurture_rate_limited", "limit", () => ingest.LimitedByLimit, "{request}",
            "Requests and identifies refused by an abuse limit (Nurture:Limits), by limit.");
        Labelled("nurture_pixel_dropped", "reason", () => ingest.PixelDroppedByReason, "{request}", "Pixel requests answered but not kept, by reason.");
    }

    private void AddStorage(EventSpool spool, ClickHouseWriterStatus writer)
    {
        Meter.CreateObservableGauge("nurture_spool_bytes", () => spool.GetStats().TotalBytes, "By", "Bytes in spool segments.");
        Meter.CreateObservableGauge("nurture_spool_unconsumed_bytes", () => spool.GetStats().UnconsumedBytes, "By", "Bytes not yet taken by every consumer.");
        Meter.CreateObservableGauge("nurture_spool_max_bytes", () => spool.GetStats().MaxBytes, "By", "Unconsumed bytes at which ingest answers 503.");
        Meter.CreateObservableGauge("nurture_spool_consumer_lag_events", () => Measurements("consumer", spool.GetStats().ConsumerLag), "{event}",
            "Events a consumer has not yet processed.");
        Meter.CreateObservableGauge("nurture_clickhouse_lag_seconds", () => writer.Lag.TotalSeconds, "s", "Age of the newest event in the last ClickHouse insert.");
        Meter.CreateObservableCounter("nurture_clickhouse_rows_written", () => writer.RowsWritten, "{row}", "Rows inserted into ClickHouse.");
        Meter.CreateObservableCounter("nurture_clickhouse_failures", () => writer.Failures, "{failure}", "Failed ClickHouse writes (retried).");
    }

    /// <summary>What an operator sizing a node (and the load benchmark) reads per phase: CPU, memory, allocation and GC.</summary>
    private void AddRuntime()
    {
        Meter.CreateObservableCounter("process_cpu_seconds", () => Environment.CpuUsage.TotalTime.TotalSeconds, "s", "CPU time of this process, user and system.");
        Meter.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet, "By", "Resident memory of this process.");
        Meter.CreateObservableGauge("dotnet_gc_heap_bytes", () => GC.GetGCMemoryInfo().HeapSizeBytes, "By", "Managed heap size after the last collection.");
        Meter.CreateObservableCounter("dotnet_gc_allocated_bytes", () => GC.GetTotalAllocatedBytes(), "By", "Bytes allocated on the managed heap.");
        Meter.CreateObservableCounter("dotnet_gc_pause_seconds", () => GC.GetTotalPauseDuration().TotalSeconds, "s", "Time the runtime was paused for garbage collection.");
        Meter.CreateObservableCounter("dotnet_gc_collections", () => Enumerable.Range(0, GC.MaxGeneration + 1)
                .Select(g => new Measurement<long>(GC.CollectionCount(g), new KeyValuePair<string, object?>("generation", g.ToString(CultureInfo.InvariantCulture)))),
            "{collection}", "Garbage collections, by generation (a gen 2 collection counts in 0 and 1 too).");
    }

    private void Labelled(string name, string label, Func<IReadOnlyDictionary<string, long>> values, string unit, string description) =>
        Meter.CreateObservableCounter(name, () => Measurements(label, values()), unit, description);

    private static IEnumerable<Measurement<long>> Measurements(string label, IReadOnlyDictionary<string, long> values) =>
        values.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>(label, p.Key)));
}
