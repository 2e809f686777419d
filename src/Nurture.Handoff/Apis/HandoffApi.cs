using System.Globalization;
using Nurture.Abstractions.Leads;
using Nurture.Outbound;
using Nurture.Http;
using Nurture.Handoff.Alerts;
using Nurture.Handoff.Reps;
using Nurture.Handoff.Webhooks;

namespace Nurture.Handoff.Apis;

/// <summary>Reps, alerts (inspection, dead letters, replay) and the webhook secret.</summary>
public static class HandoffApi
{
    public static RouteGroupBuilder MapHandoffApi(this RouteGroupBuilder api)
    {
        // Reading the team and the alerts is for marketers too; changing reps, replaying and the signing secret are admin's.
        api.MapPost("/reps", CreateRepAsync).WithTags("Hand-off").AllowRoles(Roles.Admin).ProducesProblems(StatusCodes.Status409Conflict);
        // Marketers read the team without its webhooks' secrets: only admins, who may change them, see the URLs whole.
        api.MapGet("/reps", async (Caller caller, RepStore reps, CancellationToken ct) =>
                TypedResults.Ok((await reps.ListAsync(ct)).Select(r => ForReader(caller, r)).ToList())).WithTags("Hand-off")
            .AllowRoles(Roles.Admin, Roles.Marketer);
        api.MapGet("/reps/{id}", async (string id, Caller caller, RepStore reps, CancellationToken ct) =>
            await reps.GetAsync(id, ct) is { } rep ? TypedResults.Ok(ForReader(caller, rep)) : ApiErrors.NotFound("The rep")).WithTags("Hand-off")
            .AllowRoles(Roles.Admin, Roles.Marketer);
        api.MapPut("/reps/{id}", UpdateRepAsync).WithTags("Hand-off").AllowRoles(Roles.Admin);
        api.MapGet("/alerts", ListAlertsAsync).WithTags("Hand-off").AllowRoles(Roles.Admin, Roles.Marketer);
        api.MapPost("/alerts/{id}/replay", ReplayAsync).WithTags("Hand-off").AllowRoles(Roles.Admin);
        api.MapGet("/handoff/webhook-secret", (WebhookSigner signer) => TypedResults.Ok(new { secret = signer.Secret })).WithTags("Hand-off")
            .AllowRoles(Roles.Admin);
        api.MapRoutingApi();
        api.MapSalesApi();
        return api;
    }

    private static async Task<IResult> CreateRepAsync(RepRequest? body, RepStore reps, OutboundUrlCheck outbound, CancellationToken ct)
    {
        var id = string.IsNullOrWhiteSpace(body?.Id) ? "rep_" + Guid.NewGuid().ToString("N")[..12] : body.Id.Trim();
        var (errors, rep) = await RepRequest.ValidateAsync(id, "$.id", body, outbound, ct);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        if (!await reps.SaveAsync(rep!, mustExist: false, ct))
            return ApiErrors.Problem(StatusCodes.Status409Conflict, [new("$.id", "is taken")], "A rep with that id exists; PUT /api/reps/{id} changes it.");
        return TypedResults.Created($"/api/reps/{id}", rep);
    }

    private static async Task<IResult> UpdateRepAsync(string id, RepRequest? body, RepStore reps, OutboundUrlCheck outbound, CancellationToken ct)
    {
        var (errors, rep) = await RepRequest.ValidateAsync(id, "id", body, outbound, ct);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        return await reps.SaveAsync(rep!, mustExist: true, ct) ? TypedResults.Ok(rep) : ApiErrors.NotFound("The rep");
    }

    private static Rep ForReader(Caller caller, Rep rep) => caller.Role == Roles.Admin ? rep : WebhookUrlMask.Masked(rep);

    /// <summary>The newest alerts (at most <paramref name="limit"/>), those with a status, or the one alert <paramref name="id"/>.</summary>
    private static async Task<IResult> ListAlertsAsync(string? status, string? limit, string? id, string? format, Caller caller, AlertStore alerts, CancellationToken ct)
    {
        List<FieldError> errors = [];
        Guid? alertId = null;
        if (id is not null)
        {
            if (Guid.TryParse(id, out var parsed)) alertId = parsed;
            else errors.Add(new("id", "must be an alert id (a UUID)"));
        }
        if (status is not (null or AlertStore.Pending or AlertStore.Sending or AlertStore.Delivered or AlertStore.Dead))
            errors.Add(new("status", "must be pending, sending, delivered or dead"));
        var count = AlertStore.DefaultListLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > AlertStore.MaxListLimit))
            errors.Add(new("limit", $"must be a whole number from 1 to {AlertStore.MaxListLimit}"));
        if (format is not null && SpreadsheetDownload.CheckFormat(format) is { } badFormat) errors.Add(badFormat);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        var list = await alerts.ListAsync(status, alertId, count, ct);
        // A delivery's URL is the webhook's: whole for admins only.
        if (caller.Role != Roles.Admin)
            list = list.Select(a => a with { Deliveries = a.Deliveries.Select(d => d with { Url = WebhookUrlMask.Mask(d.Url) ?? "" }).ToList() }).ToList();
        if (format is null) return TypedResults.Ok(new { alerts = list });
        // One row per alert and delivery: the log a manager reads in Excel.
        return SpreadsheetDownload.Create(
            ["Alert", "Triggered at", "Lead", "Lead email", "Rep", "Alert status", "Reason", "Delivery", "Delivery status", "Attempts", "Delivered at", "Last error"],
            list.SelectMany(a => (a.Deliveries.Count == 0 ? [null] : a.Deliveries.Select(d => (DeliveryView?)d)).Select(d => (IReadOnlyList<string?>)
            [
                a.Id.ToString(), a.TriggeredAt.ToString("u", CultureInfo.InvariantCulture), a.LeadName ?? a.LeadId.ToString(), a.LeadEmail, a.RepName ?? a.RepId,
                a.Status, a.Reason, d?.Kind, d?.Status, d?.Attempts.ToString(CultureInfo.InvariantCulture),
                d?.DeliveredAt?.ToString("u", CultureInfo.InvariantCulture), d?.LastError,
            ])),
            format, $"alerts-{status ?? "all"}", "Alerts");
    }

    private static async Task<IResult> ReplayAsync(string id, HttpContext http, AlertStore alerts, AlertSignal signal, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var alertId)) return ApiErrors.BadRequest("id", "must be an alert id (a UUID)");
        if (!await alerts.ReplayAsync(alertId, ApiActor.Of(http), ct)) return ApiErrors.NotFound("The alert");
        signal.Notify(alertId);
        return TypedResults.Accepted($"/api/alerts?status=sending", (await alerts.ListAsync(null, alertId, 1, ct)).Single());
    }
}
