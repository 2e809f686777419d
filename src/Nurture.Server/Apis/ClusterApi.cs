using Nurture.Abstractions.Leads;
using Nurture.Http;

namespace Nurture.Server.Apis;

/// <summary>
/// For operators: the silos of the cluster, and where a lead is active. Orleans guarantees one
/// activation per grain across the cluster; this lets anyone check it from any node.
/// </summary>
public static class ClusterApi
{
    public static RouteGroupBuilder MapClusterApi(this RouteGroupBuilder api)
    {
        var cluster = api.MapGroup("/cluster").WithTags("Cluster").AllowRoles(Roles.Admin);
        cluster.MapGet("/", GetHostsAsync);
        cluster.MapGet("/leads/{id}/activation", GetLeadActivationsAsync);
        return api;
    }

    private static async Task<IResult> GetHostsAsync(IGrainFactory grains, ILocalSiloDetails local)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return TypedResults.Ok(new
        {
            answeredBy = local.SiloAddress.ToString(),
            silos = hosts.Select(h => new { address = h.Key.ToString(), status = h.Value.ToString() }),
        });
    }

    private static async Task<IResult> GetLeadActivationsAsync(string id, IGrainFactory grains, ILocalSiloDetails local)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        // The grain directory's answer: the one silo holding the activation, or none when it is not active.
        var silo = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<ILeadGrain>(leadId));
        var silos = silo is null ? [] : new[] { silo.ToString() };
        return TypedResults.Ok(new { answeredBy = local.SiloAddress.ToString(), leadId, activations = silos });
    }
}
