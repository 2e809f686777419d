namespace Nurture.Server.Apis;

/// <summary>Prometheus text of ingest counters, spool depth, ClickHouse lag and the process's own CPU, memory and GC (see Hosting/MetricInstruments.cs).</summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").WithTags("Health");
        return app;
    }
}
