using System.Net;
using Nurture.Leads;
using Orleans.Storage;

namespace Nurture.Server.Hosting;

/// <summary>The Orleans silo in this process: clustering, grain state and reminders on PostgreSQL.</summary>
public static class SiloRegistration
{
    private const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Configures the silo (Nurture:Cluster). Its hosted service starts where this is called among the host's
    /// registrations (see <see cref="NurtureHost.AddNurture"/>).
    /// </summary>
    public static void AddSilo(this WebApplicationBuilder builder, string postgres)
    {
        var cluster = builder.Configuration.GetSection("Nurture:Cluster").Get<ClusterSettings>() ?? new ClusterSettings();
        builder.UseOrleans(silo =>
        {
            silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
            silo.UseAdoNetClustering(o => { o.Invariant = PostgresInvariant; o.ConnectionString = postgres; });
            // Orleans' failure detector under its own option names (ProbeTimeout, NumMissedProbesLimit, ...):
            // how soon a dead node is declared dead, traded against declaring a merely busy one dead.
            silo.Services.AddOptions<Orleans.Configuration.ClusterMembershipOptions>().BindConfiguration("Nurture:Cluster:Membership");
            // Cleared state is deleted, not nulled: an erased person's email must not survive as an index grain's key.
            silo.AddAdoNetGrainStorage(StorageNames.Leads, o => { o.Invariant = PostgresInvariant; o.ConnectionString = postgres; o.DeleteStateOnClear = true; });
            // Lead state is written often (write-behind, every busy lead every few seconds): Orleans'
            // binary serializer instead of the default JSON one, which the load benchmark showed taking
            // a third of the server's CPU.
            silo.Services.AddKeyedSingleton<IGrainStorageSerializer>(StorageNames.Leads,
                (sp, _) => new OrleansGrainStorageSerializer(sp.GetRequiredService<Orleans.Serialization.Serializer>()));
            silo.UseAdoNetReminderService(o => { o.Invariant = PostgresInvariant; o.ConnectionString = postgres; });
        });
    }
}
