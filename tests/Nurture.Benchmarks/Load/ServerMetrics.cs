using System.Globalization;

namespace Nurture.Benchmarks.Load;

/// <summary>The server's /metrics (Prometheus text), by series name with labels.</summary>
public sealed class ServerMetrics(IReadOnlyDictionary<string, double> series)
{
    public long Accepted => Get("nurture_events_accepted_total");
    public long Duplicates => Get("nurture_events_duplicate_total");
    public long Rejected => Sum("nurture_events_rejected_total{");
    public long PixelDropped => Sum("nurture_pixel_dropped_total{");
    public long ClickHouseRowsWritten => Get("nurture_clickhouse_rows_written_total");
    public long ClickHouseFailures => Get("nurture_clickhouse_failures_total");
    public long AllocatedBytes => Get("dotnet_gc_allocated_bytes_total");
    public long Gen2Collections => Get("dotnet_gc_collections_total{generation=\"2\"}");
    public double GcPauseSeconds => series.GetValueOrDefault("dotnet_gc_pause_seconds_total");

    /// <summary>The largest backlog of any spool consumer (ClickHouse writer, lead dispatcher).</summary>
    public long MaxConsumerLag => (long)series.Where(s => s.Key.StartsWith("nurture_spool_consumer_lag_events{", StringComparison.Ordinal))
        .Select(s => s.Value).DefaultIfEmpty(0).Max();

    public long ConsumerLag(string consumer) => Get($"nurture_spool_consumer_lag_events{{consumer=\"{consumer}\"}}");

    /// <summary>Drops and rejections by reason, for the report when something was not kept.</summary>
    public string Losses => string.Join(", ", series
        .Where(s => (s.Key.StartsWith("nurture_pixel_dropped_total{", StringComparison.Ordinal)
                     || s.Key.StartsWith("nurture_events_rejected_total{", StringComparison.Ordinal)) && s.Value > 0)
        .Select(s => $"{s.Key} {s.Value}"));

    public static ServerMetrics Parse(string text)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                series[Series(line[..space])] = value;
        }
        return new ServerMetrics(series);
    }

    /// <summary>The exporter writes a series without labels as <c>name{}</c>: the same series as <c>name</c>.</summary>
    private static string Series(string key) => key.EndsWith("{}", StringComparison.Ordinal) ? key[..^2] : key;

    private long Get(string name) => (long)series.GetValueOrDefault(name);

    private long Sum(string prefix) => (long)series.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(s => s.Value);
}
