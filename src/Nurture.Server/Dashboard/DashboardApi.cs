using Nurture.Http;
using Nurture.Server.Apis;

namespace Nurture.Server.Dashboard;

/// <summary>GET /api/dashboard: the console's home page for marketers in one call; with ?format=csv|xlsx as a spreadsheet.</summary>
public static class DashboardApi
{
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", ReadAsync)
            .WithTags("Analysis").AllowRoles(Roles.Admin, Roles.Marketer).ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    private static async Task<IResult> ReadAsync(string? format, DashboardReader reader, CancellationToken cancellationToken)
    {
        if (format is not null && SpreadsheetDownload.CheckFormat(format) is { } badFormat) return ApiErrors.BadRequest([badFormat]);
        return await LeadsApi.ClickHouseCallAsync(async () =>
        {
            var report = await reader.ReadAsync(cancellationToken);
            return format is null
                ? TypedResults.Ok(report)
                : SpreadsheetDownload.Create(DashboardSpreadsheet.Headers, DashboardSpreadsheet.Rows(report), format, $"dashboard-{report.Today:yyyyMMdd}", "Dashboard");
        }, cancellationToken);
    }
}
