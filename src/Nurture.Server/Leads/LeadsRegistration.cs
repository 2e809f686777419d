using Nurture.EventStore;
using Nurture.Leads;

namespace Nurture.Server.Leads;

/// <summary>Registers what the host adds to the lead grains: lead-list rows for ClickHouse, export, erasure, merging duplicates.</summary>
public static class LeadsRegistration
{
    public static IServiceCollection AddLeads(this IServiceCollection services)
    {
        services.AddOptions<PrivacyOptions>().BindConfiguration("Nurture:Privacy").ValidateDataAnnotations().ValidateOnStart();
        // Lead-list rows get a spool of their own beside the events' (one consumer: ClickHouse).
        services.AddTableSpool(LeadProfileSpooler.SpoolKey, new LeadProfilesTable());
        services.AddSingleton<ILeadProfileSink, LeadProfileSpooler>();
        services.AddSingleton<LeadDataExport>();
        services.AddSingleton<LeadEraser>();
        services.AddSingleton<DuplicateMerger>();
        return services;
    }

    /// <summary>The eraser's rechecks; they reach lead grains, so after the silo.</summary>
    public static IServiceCollection AddLeadsWorkers(this IServiceCollection services) =>
        services.AddHostedService(sp => sp.GetRequiredService<LeadEraser>());
}
