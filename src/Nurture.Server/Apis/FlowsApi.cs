using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nurture.Abstractions.Flows;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Flows;
using Nurture.Server.Flows;
using Nurture.Http;
using Nurture.Email.Outbox;
using Nurture.Email.Templates;

namespace Nurture.Server.Apis;

/// <summary>Nurture flow definitions: saved as versions after validation by JSON path, then activated or paused.</summary>
public static partial class FlowsApi
{
    public static RouteGroupBuilder MapFlowsApi(this RouteGroupBuilder api)
    {
        var flows = api.MapGroup("/flows").WithTags("Flows").AllowRoles(Roles.Admin, Roles.Marketer)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable);
        flows.MapGet("/", async (FlowStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        flows.MapGet("/{id}", async (string id, FlowStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } flow ? TypedResults.Ok(flow) : ApiErrors.NotFound("The flow"));
        flows.MapPut("/{id}", SaveAsync).Accepts<JsonElement>("application/json");
        // Started again after a pause, the flow's open runs are woken in the background: those the pause held move on.
        flows.MapPost("/{id}/activate", (string id, FlowStore store, PostgresFlowCatalog catalog, IGrainFactory grains, EmailOutbox outbox, TimeProvider time, CancellationToken ct) =>
            SetStatusAsync(id, FlowStore.Active, store, catalog, ct,
                before => before == FlowStore.Paused ? ResumeAsync(id, grains, outbox, time, ct) : Task.CompletedTask));
        flows.MapPost("/{id}/pause", (string id, FlowStore store, PostgresFlowCatalog catalog, CancellationToken ct) => SetStatusAsync(id, FlowStore.Paused, store, catalog, ct));
        flows.MapGet("/{id}/stats", StatsAsync);
        flows.MapPost("/{id}/enrolments", EnrolAsync);
        return api;
    }

    private static async Task<IResult> SaveAsync(string id, HttpRequest request, FlowStore flows, EmailTemplateStore templates, PostgresFlowCatalog catalog, CancellationToken ct)
    {
        if (!FlowId().IsMatch(id)) return ApiErrors.BadRequest("id", "must be 1 to 64 lower-case letters, digits, '-' or '_'");
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            return ApiErrors.BadRequest([new FieldError("$", $"is not valid JSON: {ex.Message}")], "The flow is invalid.");
        }
        using (document)
        {
            var known = (await templates.ListAsync(ct)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            var (flow, errors) = FlowParser.Parse(id, document.RootElement, known.Contains);
            if (flow is null) return ScoringApi.Invalid("The flow is invalid.", errors);
            var saved = await flows.SaveAsync(id, document.RootElement, ct);
            await catalog.RefreshAsync(ct);
            return TypedResults.Ok(saved);
        }
    }

    /// <summary>
    /// Wakes the runs the pause held, and releases the mail it held once every node has seen the flow
    /// running again: each re-reads the flows every <see cref="PostgresFlowCatalog.RefreshInterval"/>,
    /// and twice that leaves a margin.
    /// </summary>
    private static async Task ResumeAsync(string id, IGrainFactory grains, EmailOutbox outbox, TimeProvider time, CancellationToken ct)
    {
        await grains.GetGrain<IFlowResumeJobGrain>(id).StartAsync();
        await outbox.ReleaseHeldAsync(id, time.GetUtcNow() + 2 * PostgresFlowCatalog.RefreshInterval, ct);
    }

    /// <summary>Sets the status; <paramref name="then"/> gets the status the flow had before.</summary>
    private static async Task<IResult> SetStatusAsync(
        string id, string status, FlowStore store, PostgresFlowCatalog catalog, CancellationToken ct, Func<string, Task>? then = null)
    {
        if (await store.SetStatusAsync(id, status, ct) is not ({ } flow, var before)) return ApiErrors.NotFound("The flow");
        await catalog.RefreshAsync(ct);
        if (then is not null) await then(before);
        return TypedResults.Ok(flow);
    }

    /// <summary>
    /// GET /api/flows/{id}/stats?from=&amp;to=: runs entered, per step, and how they ended, from the flow rows of
    /// ClickHouse's score_changes (each run once however often a row was written). Per step (<c>performance</c>): runs
    /// that reached it, are there now, left by the goal, completed or exited there, its sends suppressed or
    /// unsubscribed, and the median time from entering to the goal. from/to (optional) keep the runs that entered then.
    /// </summary>
    private static async Task<IResult> StatsAsync(string id, string? from, string? to, string? format, FlowStore store, FlowPerformance performance, CancellationToken ct)
    {
        List<FieldError> errors = [];
        DateTimeOffset? Parse(string? text, string field)
        {
            if (text is null) return null;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) && t.Year is > 1970 and < 9000) return t;
            errors.Add(new(field, "must be an ISO 8601 date or time, for example 2026-11-01"));
            return null;
        }
        var (start, end) = (Parse(from, "from"), Parse(to, "to"));
        if (start is not null && end is not null && start >= end) errors.Add(new("from", "must be before to"));
        if (format is not null && SpreadsheetDownload.CheckFormat(format) is { } badFormat) errors.Add(badFormat);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        if (await store.GetAsync(id, ct) is null) return ApiErrors.NotFound("The flow");
        return await LeadsApi.ClickHouseCallAsync(async () =>
        {
            var steps = await performance.StepsAsync(id, start, end, ct);
            var all = steps.FirstOrDefault(s => s.Step == FlowStepPerformance.All) ?? new FlowStepPerformance(FlowStepPerformance.All, 0, 0, 0, 0, 0, 0, 0, null);
            var perStep = steps.Where(s => s.Step != FlowStepPerformance.All).OrderByDescending(s => s.Entered).ThenBy(s => s.Step, StringComparer.Ordinal).ToList();
            if (format is not null)
            {
                string N(long n) => n.ToString(CultureInfo.InvariantCulture);
                return SpreadsheetDownload.Create(
                    ["Step", "Entered", "Here now", "Goal reached", "Completed", "Exited", "Suppressed", "Unsubscribed", "Median seconds to goal"],
                    perStep.Prepend(all with { Step = "(whole flow)" }).Select(p => (IReadOnlyList<string?>)
                        [p.Step, N(p.Entered), N(p.Waiting), N(p.Goal), N(p.Completed), N(p.Exited), N(p.Suppressed), N(p.Unsubscribed),
                         p.MedianSecondsToGoal?.ToString("0", CultureInfo.InvariantCulture)]),
                    format, $"flow-{id}-performance", "Flow performance");
            }
            return TypedResults.Ok(new
            {
                flowId = id,
                from = start, to = end,
                entered = all.Entered,
                waiting = all.Waiting,
                completed = all.Completed,
                goalReached = all.Goal,
                exited = all.Exited,
                suppressed = all.Suppressed,
                unsubscribed = all.Unsubscribed,
                medianSecondsToGoal = all.MedianSecondsToGoal,
                steps = perStep.ToDictionary(p => p.Step, p => p.Entered),
                performance = perStep,
            });
        }, ct);
    }

    /// <summary>Enrols one lead by hand. An optional `key` makes a retried request enrol once.</summary>
    private static async Task<IResult> EnrolAsync(string id, HttpRequest request, IFlowCatalog catalog, IGrainFactory grains, CancellationToken ct)
    {
        if (catalog.Get(id) is null) return ApiErrors.NotFound("The flow");
        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(request.Body, cancellationToken: ct)).RootElement;
        }
        catch (JsonException ex)
        {
            return ApiErrors.BadRequest("$", $"is not valid JSON: {ex.Message}");
        }
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("leadId", out var l) || l.ValueKind != JsonValueKind.String || !Guid.TryParse(l.GetString(), out var leadId))
            return ApiErrors.BadRequest("$.leadId", "is required and must be a lead id (a UUID)");
        var key = body.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : Guid.NewGuid().ToString("N");
        if (await LeadResolver.ResolveAsync(grains, leadId) is not { } lead) return ApiErrors.NotFound("The lead");
        var changes = await grains.GetGrain<ILeadGrain>(lead.Id).EnrolAsync(id, $"api:{key}");
        return changes.Count > 0
            ? TypedResults.Json(new { leadId = lead.Id, enrolled = true }, statusCode: StatusCodes.Status201Created)
            : ApiErrors.Refused("$.leadId", "is in this flow already, or the flow's re-entry rule does not allow it again");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex FlowId();
}
