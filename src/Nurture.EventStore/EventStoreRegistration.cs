using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nurture.Spool;

namespace Nurture.EventStore;

/// <summary>Registers ClickHouse: the store and its queries, the spools that feed tables, and their writers.</summary>
public static class EventStoreRegistration
{
    /// <summary>Options (Nurture:ClickHouse, validated at start), the store, the writers' status and the queries the API reads.</summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services)
    {
        services.AddOptions<ClickHouseOptions>().BindConfiguration("Nurture:ClickHouse").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ClickHouseStore>();
        services.AddSingleton<ClickHouseSchemaGate>();
        services.AddSingleton<ClickHouseWriterStatus>();
        services.AddSingleton<LeadTimeline>();
        services.AddSingleton<LeadDirectory>();
        services.AddSingleton<LeadHistory>();
        services.AddSingleton<ScoreHistory>();
        services.AddSingleton<OpenFlowRuns>();
        services.AddSingleton<SourceAnalysis>();
        services.AddSingleton<AttributionAnalysis>();
        services.AddSingleton<SiteActivity>();
        services.AddSingleton<LeadAliasWriter>();
        return services;
    }

    /// <summary>
    /// A spool of its own beside the events' (one consumer: ClickHouse), feeding one table: the events spool's
    /// settings, in a folder named <paramref name="key"/> inside it. <see cref="AddEventStoreWriters"/> gives it a writer.
    /// </summary>
    public static IServiceCollection AddTableSpool(this IServiceCollection services, string key, ISpoolTable table)
    {
        services.AddKeyedSingleton(key, (sp, _) =>
        {
            var events = sp.GetRequiredService<IOptions<SpoolOptions>>().Value;
            return new EventSpool(new SpoolOptions
            {
                Directory = Path.Combine(events.Directory, key), MaxBytes = events.MaxBytes, SegmentBytes = events.SegmentBytes,
                MaxSegmentAge = events.MaxSegmentAge, DedupeWindow = events.DedupeWindow, Consumers = [ClickHouseSpoolWriter.ConsumerName],
            }, sp.GetRequiredService<TimeProvider>());
        });
        services.AddKeyedSingleton(key, table);
        services.AddKeyedSingleton<ClickHouseWriterStatus>(key);
        return services;
    }

    /// <summary>
    /// The writer of the events spool, one for every table spool registered before this call, and the lead-alias
    /// writer. They feed on what leads and ingest produce, so the host registers them after the silo.
    /// </summary>
    public static IServiceCollection AddEventStoreWriters(this IServiceCollection services)
    {
        // AddSingleton, not AddHostedService: that one keeps only the first of two services of the same type.
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ClickHouseSpoolWriter>(sp,
            sp.GetRequiredService<EventSpool>(), new EventsTable(), sp.GetRequiredService<ClickHouseWriterStatus>()));
        var tableSpools = services.Where(d => d.IsKeyedService && d.ServiceType == typeof(ISpoolTable)).Select(d => (string)d.ServiceKey!).ToList();
        foreach (var key in tableSpools)
        {
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ClickHouseSpoolWriter>(sp,
                sp.GetRequiredKeyedService<EventSpool>(key), sp.GetRequiredKeyedService<ISpoolTable>(key),
                sp.GetRequiredKeyedService<ClickHouseWriterStatus>(key)));
        }
        services.AddHostedService(sp => sp.GetRequiredService<LeadAliasWriter>());
        return services;
    }
}
