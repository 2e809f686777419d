using OpenTelemetry.Metrics;

namespace Nurture.Server.Hosting;

/// <summary>
/// /metrics: the <see cref="MetricInstruments"/> in Prometheus text, through OpenTelemetry's Prometheus exporter,
/// chosen because it keeps our series as they were (a counter stays a counter named with "_total", a unit already
/// in the name is not repeated), where prometheus-net's meter adapter exports every .NET counter as a gauge named
/// after its meter and drops series that stop changing. The exporter writes a series without labels as
/// <c>name{}</c>, which Prometheus reads as <c>name</c>.
/// </summary>
public static class MetricsRegistration
{
    public static IServiceCollection AddNurtureMetrics(this IServiceCollection services)
    {
        services.AddSingleton<MetricInstruments>();
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(MetricInstruments.MeterName);
            metrics.AddPrometheusExporter(o =>
            {
                // Every scrape reads the instruments afresh, as the hand-written page did (a benchmark phase
                // reads it just before and just after).
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                // Only our series: no otel_scope_* labels on each, no target_info series.
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
            });
            // A listener takes every meter of a name in the process: keep this host's only (the functional tests
            // run several hosts in one process, each with its own counts).
            ((IDeferredMeterProviderBuilder)metrics).Configure((sp, builder) =>
            {
                var own = sp.GetRequiredService<MetricInstruments>().Meter;
                builder.AddView(instrument => ReferenceEquals(instrument.Meter, own) ? null : MetricStreamConfiguration.Drop);
            });
        });
        return services;
    }
}
