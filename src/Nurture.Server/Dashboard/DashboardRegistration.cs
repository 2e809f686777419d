using Nurture.EventStore.Dashboard;

namespace Nurture.Server.Dashboard;

/// <summary>Registers the dashboard's reader and the weekly digest.</summary>
public static class DashboardRegistration
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration("Nurture:Dashboard").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ActivityCounts>();
        services.AddSingleton<DashboardReader>();
        services.AddSingleton<WeeklyDigest>();
        return services;
    }

    /// <summary>The digest reads ClickHouse and queues mail: started with the other workers, after the silo.</summary>
    public static IServiceCollection AddDashboardWorkers(this IServiceCollection services) =>
        services.AddHostedService(sp => sp.GetRequiredService<WeeklyDigest>());
}
