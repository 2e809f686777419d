namespace Nurture.Server.Attribution;

/// <summary>Registers attribution's own part: the campaign costs (the query itself is the event store's AttributionAnalysis).</summary>
public static class AttributionRegistration
{
    public static IServiceCollection AddAttribution(this IServiceCollection services) => services.AddSingleton<CampaignCostStore>();
}
