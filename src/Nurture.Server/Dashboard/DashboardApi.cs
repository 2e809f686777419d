using Nurture.Http;
using Nurture.Server.Apis;

namespace Nurture.Server.Dashboard;

/// <summary>GET /api/dashboard: the console's home page for marketers in one call.</summary>
public static class DashboardApi
{
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", (DashboardReader reader, CancellationToken ct) =>
                LeadsApi.ClickHouseCallAsync(async () => TypedResults.Ok(await reader.ReadAsync(ct)), ct))
            .WithTags("Analysis").AllowRoles(Roles.Admin, Roles.Marketer).ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        return api;
    }
}
