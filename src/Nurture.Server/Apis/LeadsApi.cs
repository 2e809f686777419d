using System.Globalization;
using ClickHouse.Driver;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Server.Access;

namespace Nurture.Server.Apis;

/// <summary>Reading leads: identity, sources, counters, and the full behaviour history.</summary>
public static class LeadsApi
{
    public static RouteGroupBuilder MapLeadsApi(this RouteGroupBuilder api)
    {
        var leads = api.MapGroup("/leads").WithTags("Leads").AllowRoles(Roles.Admin, Roles.Marketer);
        leads.MapGet("/{id}", GetAsync).AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales).ScopeSalesToAssignedLeads();
        leads.MapGet("/", FindByEmailAsync);
        leads.MapGet("/{id}/timeline", TimelineAsync).AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales).ScopeSalesToAssignedLeads();
        return api;
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        var state = await ResolveAsync(grains, leadId);
        return state is null ? ApiErrors.NotFound("The lead") : TypedResults.Ok(LeadResponse.From(state, leadId));
    }

    private static async Task<IResult> FindByEmailAsync(string? email, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(email)) return ApiErrors.BadRequest("email", "is required (GET /api/leads?email=...)");
        if (EmailAddress.Normalise(email) is not { } normalised) return ApiErrors.BadRequest("email", "is not a valid email address");
        var owner = await grains.GetGrain<IEmailIndexGrain>(normalised).GetOwnerAsync();
        var state = owner is { } leadId ? await ResolveAsync(grains, leadId) : null;
        return state is null ? ApiErrors.NotFound("A lead with that email") : TypedResults.Ok(LeadResponse.From(state, state.Id));
    }

    private static async Task<IResult> TimelineAsync(
        string id, string? from, string? to, string? limit, string? cursor, IGrainFactory grains, LeadTimeline timeline, CancellationToken cancellationToken)
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

        var state = await ResolveAsync(grains, leadId);
        if (state is null) return ApiErrors.NotFound("The lead");
        // Guid.Empty: server-observed events (email opens and clicks) belong to no site.
        var sites = state.Visitors.Select(v => v.SiteId).Append(Guid.Empty).Distinct().ToList();
        var ids = state.HistoryIds.Append(state.Id).Distinct().ToList();
        try
        {
            var page = await timeline.ReadAsync(sites, ids, fromTime, toTime, pageSize, position, cancellationToken);
            return TypedResults.Ok(new { leadId = state.Id, resolvedFrom = leadId == state.Id ? (Guid?)null : leadId, page.Events, page.NextCursor });
        }
        catch (Exception ex) when (ex is HttpRequestException or ClickHouseServerException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ApiErrors.Unavailable("The event history store", retryAfterSeconds: 5);
        }
    }

    /// <summary>Follows merge forwards to the surviving lead (bounded, in case of a cycle).</summary>
    internal static async Task<LeadState?> ResolveAsync(IGrainFactory grains, Guid leadId)
    {
        var current = leadId;
        for (var hop = 0; hop < 16; hop++)
        {
            var state = await grains.GetGrain<ILeadGrain>(current).GetAsync();
            if (state?.MergedInto is not { } next) return state;
            current = next;
        }
        return null;
    }

    private static DateTimeOffset? ParseTime(string? text, string field, List<FieldError> errors)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        errors.Add(new(field, "must be an ISO 8601 time, for example 2026-11-23T07:00:00Z"));
        return null;
    }
}
