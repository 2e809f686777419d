using Nurture.Leads.Segments;

namespace Nurture.Server.Segments;

/// <summary>Registers segments: their store, the catalog lead grains match against, and the refresher.</summary>
public static class SegmentsRegistration
{
    public static IServiceCollection AddSegments(this IServiceCollection services)
    {
        services.AddOptions<SegmentOptions>().BindConfiguration("Nurture:Segments");
        services.AddSingleton<SegmentStore>();
        services.AddSingleton<PostgresSegmentCatalog>();
        services.AddSingleton<ISegmentCatalog>(sp => sp.GetRequiredService<PostgresSegmentCatalog>());
        services.AddSingleton<SegmentRefresher>();
        // The catalog is loaded before the silo starts (see NurtureHost.AddNurture).
        services.AddHostedService(sp => sp.GetRequiredService<PostgresSegmentCatalog>());
        return services;
    }

    /// <summary>The refresher tells the leads that joined or left a segment, through their grains, so after the silo.</summary>
    public static IServiceCollection AddSegmentsWorkers(this IServiceCollection services) =>
        services.AddHostedService(sp => sp.GetRequiredService<SegmentRefresher>());
}
