using Microsoft.Extensions.Options;
using Nurture.Ingest.Pipeline;
using Nurture.Server.Storage;
using Nurture.Spool;

namespace Nurture.Server.Ingest;

/// <summary>Registers ingest: the spool every accepted event goes into, the pipeline, the sites, and the lead dispatcher.</summary>
public static class IngestRegistration
{
    /// <summary>Options (Nurture:Spool, Nurture:Ingest, Nurture:Leads), the events spool, the pipeline and what it asks (sites, identify flags).</summary>
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddOptions<SpoolOptions>().BindConfiguration("Nurture:Spool").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestOptions>().BindConfiguration("Nurture:Ingest");
        services.AddOptions<LeadWriteOptions>().BindConfiguration("Nurture:Leads").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new EventSpool(sp.GetRequiredService<IOptions<SpoolOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PostgresSiteDirectory>();
        services.AddSingleton<ISiteDirectory>(sp => sp.GetRequiredService<PostgresSiteDirectory>());
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<IIdentifyFlags, LeadIdentifyFlags>();
        // Origins a site refused, for its install check.
        services.AddSingleton<SiteOriginRefusals>();
        services.AddSingleton<IOriginRefusals>(sp => sp.GetRequiredService<SiteOriginRefusals>());
        services.AddSingleton<IngestPipeline>();
        return services;
    }

    /// <summary>What the spool found on open, and the lead dispatcher: it delivers events to lead grains, so after the silo.</summary>
    public static IServiceCollection AddIngestWorkers(this IServiceCollection services)
    {
        services.AddHostedService<SpoolStartupReport>();
        services.AddHostedService<LeadDispatcher>();
        return services;
    }
}
