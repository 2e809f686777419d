using Nurture.Flows;
using Nurture.Leads;

namespace Nurture.Server.Flows;

/// <summary>
/// Registers flows: their store and catalog, the runner lead grains drive, and the email chooser. The send and
/// notify_sales steps are the email and hand-off features' (AddEmail, AddHandoff).
/// </summary>
public static class FlowsRegistration
{
    public static IServiceCollection AddFlows(this IServiceCollection services)
    {
        services.AddSingleton<FlowStore>();
        services.AddSingleton<PostgresFlowCatalog>();
        services.AddSingleton<IFlowCatalog>(sp => sp.GetRequiredService<PostgresFlowCatalog>());
        services.AddSingleton<IFlowEmailChooser, GrainEmailChooser>();
        services.AddSingleton<FlowRunner>();
        services.AddSingleton<BanditBeliefs>();
        // The catalog is loaded before the silo starts (see NurtureHost.AddNurture).
        services.AddHostedService(sp => sp.GetRequiredService<PostgresFlowCatalog>());
        return services;
    }
}
