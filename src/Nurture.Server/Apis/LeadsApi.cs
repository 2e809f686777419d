using System.Globalization;
using System.Text.Json;
using ClickHouse.Driver;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Email.Outbox;
using Nurture.Flows;
using Nurture.Server.Leads;
using Nurture.Http;
using Nurture.Handoff.Reps;
using Nurture.Handoff.Sales;

namespace Nurture.Server.Apis;

/// <summary>
/// Leads: the list with filters, one lead with its sources and counters, its behaviour timeline and
/// change history, edits by hand, and the privacy pair: export of everything held, and erasure.
/// </summary>
public static class LeadsApi
{
    public static RouteGroupBuilder MapLeadsApi(this RouteGroupBuilder api)
    {
        var leads = api.MapGroup("/leads").WithTags("Leads").AllowRoles(Roles.Admin, Roles.Marketer)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable);
        leads.MapGet("/{id}", GetAsync).AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales).ScopeSalesToAssignedLeads();
        leads.MapGet("/", ListAsync);
        leads.MapGet("/export", ExportListAsync);
        leads.MapPost("/", CreateAsync).Accepts<JsonElement>("application/json");
        leads.MapPatch("/{id}", UpdateAsync).Accepts<JsonElement>("application/json");
        leads.MapGet("/{id}/timeline", TimelineAsync).AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales).ScopeSalesToAssignedLeads();
        leads.MapGet("/{id}/history", HistoryAsync).AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales).ScopeSalesToAssignedLeads();
        // Everything held about a person, and forgetting them: privacy requests, for admins only.
        leads.MapGet("/{id}/export", ExportAsync).AllowRoles(Roles.Admin);
        leads.MapDelete("/{id}", EraseAsync).AllowRoles(Roles.Admin);
        leads.MapPost("/{id}/rescore", RescoreAsync).AllowRoles(Roles.Admin);
        return api;
    }

    /// <summary>With ?email= the one lead known by it; otherwise the filtered, sorted, paged lead list.</summary>
    private static async Task<IResult> ListAsync(
        HttpRequest request, string? email, string? sort, string? limit, string? offset, IGrainFactory grains, IFlowCatalog flows, LeadDirectory directory, CancellationToken cancellationToken)
    {
        if (email is not null) return await FindByEmailAsync(email, grains, flows);
        List<FieldError> errors = [];
        var filter = LeadFilterQuery.Parse(request.Query, errors);
        var order = LeadFilterQuery.Sort(sort, errors);
        var pageSize = PositiveInt(limit, "limit", 50, LeadDirectory.MaxPage, errors);
        var skip = PositiveInt(offset, "offset", 0, 1_000_000, errors);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        return await ClickHouseCallAsync(async () => TypedResults.Ok(await directory.ListAsync(filter, order, pageSize, skip, cancellationToken)), cancellationToken);
    }

    /// <summary>The filtered lead list as CSV (UTF-8 with BOM, for Excel) or XLSX.</summary>
    private static async Task<IResult> ExportListAsync(HttpRequest request, string? format, LeadDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        var filter = LeadFilterQuery.Parse(request.Query, errors);
        if (SpreadsheetDownload.CheckFormat(format) is { } bad) errors.Add(bad);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        return await ClickHouseCallAsync(async () => SpreadsheetDownload.Create(
            LeadSpreadsheet.Headers, await LeadSpreadsheet.RowsAsync(directory, filter, cancellationToken), format,
            $"leads-{time.GetUtcNow():yyyyMMdd-HHmm}", "Leads"), cancellationToken);
    }

    private static async Task<IResult> CreateAsync(JsonElement body, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        List<FieldError> errors = [];
        var update = LeadEditRequest.Parse(body, ApiActor.Of(http), time.GetUtcNow(), errors);
        if (update is not null && !update.Traits.ContainsKey("email")) errors.Add(new("$.traits.email", "is required to create a lead"));
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        var result = await grains.GetGrain<ILeadGrain>(Guid.NewGuid()).UpdateAsync(update!);
        if (result.Conflict is { } owner) return ApiErrors.Conflict("$.traits.email", $"belongs to lead {owner}", owner);
        return TypedResults.Created($"/api/leads/{result.LeadId}", result);
    }

    private static async Task<IResult> UpdateAsync(string id, JsonElement body, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        List<FieldError> errors = [];
        if (!Guid.TryParse(id, out var leadId)) errors.Add(new("id", "must be a lead id (a UUID)"));
        var update = LeadEditRequest.Parse(body, ApiActor.Of(http), time.GetUtcNow(), errors);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        if (await LeadResolver.ResolveAsync(grains, leadId) is not { } state) return ApiErrors.NotFound("The lead");
        var result = await grains.GetGrain<ILeadGrain>(state.Id).UpdateAsync(update!);
        if (result.Conflict is { } owner) return ApiErrors.Conflict("$.traits.email", $"belongs to lead {owner}: merge the two leads instead", owner);
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// Scores one lead afresh from its whole history under the current model, as the re-scoring job does for
    /// all. 409 while its newest events have not reached ClickHouse yet (try again in a few seconds).
    /// </summary>
    private static async Task<IResult> RescoreAsync(string id, IGrainFactory grains, LeadHistory history, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        if (await LeadResolver.ResolveAsync(grains, leadId) is not { } state) return ApiErrors.NotFound("The lead");
        return await ClickHouseCallAsync(async () =>
        {
            var events = await history.ReadAsync(state.Visitors.Select(v => v.SiteId).Append(Guid.Empty).Distinct().ToList(), state.HistoryIds, cancellationToken);
            if (!await grains.GetGrain<ILeadGrain>(state.Id).RescoreAsync(events))
                return ApiErrors.Refused("id", "the lead's newest events are not in the history yet; try again in a few seconds");
            return TypedResults.Ok(new { leadId = state.Id, events = events.Count });
        }, cancellationToken);
    }

    private static async Task<IResult> HistoryAsync(string id, IGrainFactory grains, RepStore reps, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        var state = await LeadResolver.ResolveAsync(grains, leadId);
        if (state is null) return ApiErrors.NotFound("The lead");
        var changes = LeadChangeLog.From(state);
        // Owners are rep ids: their names, for the values of owner changes.
        var owners = changes.Where(c => c.Field == "owner").SelectMany(c => new[] { c.OldValue, c.NewValue }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var repNames = owners.Count == 0 ? new Dictionary<string, string>()
            : (await reps.ListAsync(cancellationToken)).Where(r => owners.Contains(r.Id)).ToDictionary(r => r.Id, r => r.Name, StringComparer.Ordinal);
        return TypedResults.Ok(new { leadId = state.Id, changes, repNames });
    }

    private static async Task<IResult> ExportAsync(string id, IGrainFactory grains, LeadDataExport export, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        if (await LeadResolver.ResolveAsync(grains, leadId) is not { } state) return ApiErrors.NotFound("The lead");
        return await ClickHouseCallAsync(async () => TypedResults.Ok(await export.BuildAsync(state, cancellationToken)), cancellationToken);
    }

    private static async Task<IResult> EraseAsync(string id, HttpContext http, IGrainFactory grains, LeadEraser eraser, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        if (await LeadResolver.ResolveAsync(grains, leadId) is not { } state) return ApiErrors.NotFound("The lead");
        var receipt = await eraser.EraseAsync(state.Id, ApiActor.Of(http), cancellationToken);
        return receipt is null ? ApiErrors.NotFound("The lead") : TypedResults.Ok(new { erased = receipt.LeadIds, emailsSuppressed = receipt.Emails.Count });
    }

    private static int PositiveInt(string? text, string field, int fallback, int max, List<FieldError> errors)
    {
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max) return n;
        errors.Add(new(field, $"must be a whole number from 0 to {max}"));
        return fallback;
    }

    /// <summary>Answers 503 with Retry-After when ClickHouse is down, instead of a 500.</summary>
    internal static async Task<IResult> ClickHouseCallAsync(Func<Task<IResult>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is HttpRequestException or ClickHouseServerException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ApiErrors.Unavailable("The event history store", retryAfterSeconds: 5);
        }
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains, IFlowCatalog flows, RepStore reps, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        var state = await LeadResolver.ResolveAsync(grains, leadId);
        if (state is null) return ApiErrors.NotFound("The lead");
        // The owner is a rep's id (or, set by hand or the API, any text): the page shows the rep's name.
        var ownerName = state.Owner is { } owner ? (await reps.GetAsync(owner, cancellationToken))?.Name : null;
        return TypedResults.Ok(LeadResponse.From(state, leadId, flows) with { OwnerName = ownerName });
    }

    private static async Task<IResult> FindByEmailAsync(string email, IGrainFactory grains, IFlowCatalog flows)
    {
        if (string.IsNullOrWhiteSpace(email)) return ApiErrors.BadRequest("email", "is empty");
        if (EmailAddress.Normalise(email) is not { } normalised) return ApiErrors.BadRequest("email", "is not a valid email address");
        var owner = await grains.GetGrain<IEmailIndexGrain>(normalised).GetOwnerAsync();
        var state = owner is { } leadId ? await LeadResolver.ResolveAsync(grains, leadId) : null;
        return state is null ? ApiErrors.NotFound("A lead with that email") : TypedResults.Ok(LeadResponse.From(state, state.Id, flows));
    }

    private static async Task<IResult> TimelineAsync(
        string id, string? from, string? to, string? limit, string? cursor, IGrainFactory grains, LeadTimeline timeline, EmailOutbox outbox, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        if (!Guid.TryParse(id, out var leadId)) errors.Add(new("id", "must be a lead id (a UUID)"));
        var fromTime = ParseTime(from, "from", errors);
        var toTime = ParseTime(to, "to", errors);
        var pageSize = 50;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > LeadTimeline.MaxLimit))
            errors.Add(new("limit", $"must be a whole number from 1 to {LeadTimeline.MaxLimit}"));
        var position = TimelineCursor.TryDecode(cursor);
        if (cursor is not null && position is null) errors.Add(new("cursor", "is not a cursor this API gave out"));
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);

        var state = await LeadResolver.ResolveAsync(grains, leadId);
        if (state is null) return ApiErrors.NotFound("The lead");
        // Guid.Empty: server-observed events (email opens and clicks) belong to no site.
        var sites = state.Visitors.Select(v => v.SiteId).Append(Guid.Empty).Distinct().ToList();
        var ids = state.HistoryIds.Append(state.Id).Distinct().ToList();
        return await ClickHouseCallAsync(async () =>
        {
            var page = await timeline.ReadAsync(sites, ids, fromTime, toTime, pageSize, position, cancellationToken);
            // Email events carry their send's id: the story names each email by its subject.
            var sends = page.Events.Select(e => e.Props.GetValueOrDefault("send_id")).OfType<string>()
                .Select(s => Guid.TryParseExact(s, "N", out var send) ? send : Guid.Empty).Where(s => s != Guid.Empty).Distinct().ToList();
            var emails = (await outbox.SummariesAsync(sends, cancellationToken)).ToDictionary(p => p.Key.ToString("N"), p => p.Value);
            return TypedResults.Ok(new { leadId = state.Id, resolvedFrom = leadId == state.Id ? (Guid?)null : leadId, page.Events, page.NextCursor, emails });
        }, cancellationToken);
    }

    private static DateTimeOffset? ParseTime(string? text, string field, List<FieldError> errors)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        errors.Add(new(field, "must be an ISO 8601 time, for example 2026-11-23T07:00:00Z"));
        return null;
    }
}
