using System.Text.RegularExpressions;
using Nurture.Abstractions.Leads;
using Nurture.Outbound;
using Nurture.Http;
using Nurture.Handoff.Alerts;
using Nurture.Handoff.Reps;
using Nurture.Handoff.Webhooks;

namespace Nurture.Handoff.Apis;

/// <summary>Reps, alerts (inspection, dead letters, replay) and the webhook secret.</summary>
public static partial class HandoffApi
{
    public sealed record RepRequest(
        string? Id, string? Name, string? Email, bool? Active, int? Capacity,
        string[]? Countries, string[]? Industries, string? WebhookUrl, string? SlackWebhookUrl,
        string[]? Regions = null, string[]? CompanySizes = null, string[]? Channels = null);

    public static RouteGroupBuilder MapHandoffApi(this RouteGroupBuilder api)
    {
        // Reading the team and the alerts is for marketers too; changing reps, replaying and the signing secret are admin's.
        api.MapPost("/reps", CreateRepAsync).WithTags("Hand-off").AllowRoles(Roles.Admin).ProducesProblems(StatusCodes.Status409Conflict);
        api.MapGet("/reps", async (RepStore reps, CancellationToken ct) => TypedResults.Ok(await reps.ListAsync(ct))).WithTags("Hand-off")
            .AllowRoles(Roles.Admin, Roles.Marketer);
        api.MapGet("/reps/{id}", async (string id, RepStore reps, CancellationToken ct) =>
            await reps.GetAsync(id, ct) is { } rep ? TypedResults.Ok(rep) : ApiErrors.NotFound("The rep")).WithTags("Hand-off")
            .AllowRoles(Roles.Admin, Roles.Marketer);
        api.MapPut("/reps/{id}", UpdateRepAsync).WithTags("Hand-off").AllowRoles(Roles.Admin);
        api.MapGet("/alerts", ListAlertsAsync).WithTags("Hand-off").AllowRoles(Roles.Admin, Roles.Marketer);
        api.MapPost("/alerts/{id}/replay", ReplayAsync).WithTags("Hand-off").AllowRoles(Roles.Admin);
        api.MapGet("/handoff/webhook-secret", (WebhookSigner signer) => TypedResults.Ok(new { secret = signer.Secret })).WithTags("Hand-off")
            .AllowRoles(Roles.Admin);
        api.MapSalesApi();
        return api;
    }

    private static async Task<IResult> CreateRepAsync(RepRequest? body, RepStore reps, OutboundUrlCheck outbound, CancellationToken ct)
    {
        var id = string.IsNullOrWhiteSpace(body?.Id) ? "rep_" + Guid.NewGuid().ToString("N")[..12] : body.Id.Trim();
        var (errors, rep) = await ValidateAsync(id, "$.id", body, outbound, ct);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        if (!await reps.SaveAsync(rep!, mustExist: false, ct))
            return ApiErrors.Problem(StatusCodes.Status409Conflict, [new("$.id", "is taken")], "A rep with that id exists; PUT /api/reps/{id} changes it.");
        return TypedResults.Created($"/api/reps/{id}", rep);
    }

    private static async Task<IResult> UpdateRepAsync(string id, RepRequest? body, RepStore reps, OutboundUrlCheck outbound, CancellationToken ct)
    {
        var (errors, rep) = await ValidateAsync(id, "id", body, outbound, ct);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        return await reps.SaveAsync(rep!, mustExist: true, ct) ? TypedResults.Ok(rep) : ApiErrors.NotFound("The rep");
    }

    /// <summary>The rep the body describes, or every problem; <paramref name="idKey"/> is where the id came from (the body's $.id or the route's id).</summary>
    private static async Task<(List<FieldError> Errors, Rep? Rep)> ValidateAsync(string id, string idKey, RepRequest? body, OutboundUrlCheck outbound, CancellationToken ct)
    {
        if (body is null) return ([new("$", "must be a JSON object with name, email and capacity")], null);
        List<FieldError> errors = [];
        if (!RepId().IsMatch(id)) errors.Add(new(idKey, "must be 1 to 64 letters, digits, '-' or '_'"));
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200) errors.Add(new("$.name", "is required (at most 200 characters)"));
        if (EmailAddress.Normalise(body.Email ?? "") is null) errors.Add(new("$.email", "must be a valid email address"));
        if (body.Capacity is not (>= 0 and <= 100_000)) errors.Add(new("$.capacity", "is required: the most open hot leads the rep holds (0 to 100000)"));
        foreach (var (field, url) in new[] { ("$.webhookUrl", body.WebhookUrl), ("$.slackWebhookUrl", body.SlackWebhookUrl) })
        {
            if (string.IsNullOrEmpty(url)) continue;
            // The form first; then where it points, which may look the host name up.
            if ((WebhookTarget.Problem(url) ?? await outbound.ProblemAsync(url, ct)) is { } problem) errors.Add(new(field, problem));
        }
        foreach (var size in Clean(body.CompanySizes).Where(s => !CompanySize.Bands.Contains(s)))
            errors.Add(new("$.companySizes", $"'{size}' is not one of {string.Join(", ", CompanySize.Bands)}"));
        foreach (var channel in Clean(body.Channels).Where(c => !Rep.AlertChannels.Contains(c)))
            errors.Add(new("$.channels", $"'{channel}' is not one of {string.Join(", ", Rep.AlertChannels)}"));
        foreach (var (field, list) in new[] { ("$.countries", body.Countries), ("$.industries", body.Industries), ("$.regions", body.Regions) })
        {
            if (list is { Length: > 200 } || list?.Any(v => v is { Length: > 100 }) == true) errors.Add(new(field, "at most 200 values of at most 100 characters"));
        }
        if (errors.Count > 0) return (errors, null);
        var rep = new Rep(id, body.Name!.Trim(), body.Email!.Trim(), body.Active ?? true, body.Capacity!.Value,
            Clean(body.Countries), Clean(body.Industries), NullIfEmpty(body.WebhookUrl), NullIfEmpty(body.SlackWebhookUrl),
            Clean(body.Regions), Clean(body.CompanySizes), Clean(body.Channels));
        return (errors, rep);
    }

    private static string[] Clean(string[]? values) =>
        (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static async Task<IResult> ListAlertsAsync(string? status, AlertStore alerts, CancellationToken ct)
    {
        if (status is not (null or AlertStore.Pending or AlertStore.Sending or AlertStore.Delivered or AlertStore.Dead))
            return ApiErrors.BadRequest("status", "must be pending, sending, delivered or dead");
        return TypedResults.Ok(new { alerts = await alerts.ListAsync(status, null, ct) });
    }

    private static async Task<IResult> ReplayAsync(string id, AlertStore alerts, AlertSignal signal, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var alertId)) return ApiErrors.BadRequest("id", "must be an alert id (a UUID)");
        if (!await alerts.ReplayAsync(alertId, ct)) return ApiErrors.NotFound("The alert");
        signal.Notify(alertId);
        return TypedResults.Accepted($"/api/alerts?status=sending", (await alerts.ListAsync(null, alertId, ct)).Single());
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex RepId();
}
