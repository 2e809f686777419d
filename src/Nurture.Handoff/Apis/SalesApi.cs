using System.Globalization;
using System.Text.Json;
using Nurture.Abstractions.Leads;
using Nurture.Email.Templates;
using Nurture.Scoring;
using Nurture.Http;
using Nurture.Handoff.Reps;
using Nurture.Handoff.Sales;

namespace Nurture.Handoff.Apis;

/// <summary>
/// The rep's inbox of hot leads (by view, with counts), their feedback on leads (a won deal with its value),
/// the calls, meetings and notes they log, and the reject report marketers tune the model with.
/// </summary>
public static class SalesApi
{
    public static RouteGroupBuilder MapSalesApi(this RouteGroupBuilder api)
    {
        // Sales see their own rep's inbox and act on their own leads; the report is for tuning the model.
        api.MapGet("/sales/inbox", InboxAsync).WithTags("Hand-off").AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales);
        api.MapGet("/sales/stream", SalesStream.StreamAsync).WithTags("Hand-off").AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        api.MapPost("/leads/{id}/feedback", FeedbackAsync).WithTags("Hand-off").AllowRoles(Roles.Admin, Roles.Sales).ScopeSalesToAssignedLeads()
            .Accepts<JsonElement>("application/json");
        api.MapPost("/leads/{id}/activities", ActivityAsync).WithTags("Hand-off").AllowRoles(Roles.Admin, Roles.Sales).ScopeSalesToAssignedLeads()
            .Accepts<JsonElement>("application/json");
        api.MapGet("/sales/feedback/report", async (SalesFeedbackStore store, CancellationToken ct) =>
            TypedResults.Ok(new { rejections = await store.RejectReportAsync(ct), rules = await store.RuleReportAsync(ct) }))
            .WithTags("Hand-off").AllowRoles(Roles.Admin, Roles.Marketer);
        return api;
    }

    private static async Task<IResult> InboxAsync(
        string? rep, string? view, string? format, Caller caller, RepStore reps, SalesInboxStore inbox, EmailTemplateStore templates, IGrainFactory grains,
        IScoringModelSource models, TimeProvider time, CancellationToken ct)
    {
        view ??= InboxView.Open;
        if (!InboxView.Names.Contains(view)) return ApiErrors.BadRequest("view", $"must be one of {string.Join(", ", InboxView.Names)}");
        if (format is not null && SpreadsheetDownload.CheckFormat(format) is { } badFormat) return ApiErrors.BadRequest([badFormat]);
        if (caller.IsSales)
        {
            // A sales user reads their own rep's inbox (rep= may be left out); with no rep linked it is empty.
            if (rep is not null && rep != caller.RepId) return ApiErrors.NotFound("The rep");
            if (caller.RepId is null)
                return TypedResults.Ok(new { rep = (string?)null, view, counts = InboxView.Counts(new Dictionary<string, int>()), leads = Array.Empty<object>() });
            rep = caller.RepId;
        }
        if (string.IsNullOrWhiteSpace(rep)) return ApiErrors.BadRequest("rep", "is required (GET /api/sales/inbox?rep=<rep id>)");
        if (rep.Length > 64 || await reps.GetAsync(rep, ct) is null) return ApiErrors.NotFound("The rep");
        var leads = new List<InboxItem>();
        var seen = new HashSet<Guid>();
        foreach (var entry in await inbox.ListAsync(rep, view, ct))
        {
            // Two assignments of ids since merged into one person show once.
            if (await LeadResolver.ResolveAsync(grains, entry.LeadId) is not { } lead || !seen.Add(lead.Id)) continue;
            leads.Add(await NameTemplateAsync(InboxItem.From(lead, entry, models.Current, time.GetUtcNow()), templates, ct));
        }
        if (format is not null) return InboxSpreadsheet(rep, view, leads, format);
        return TypedResults.Ok(new { rep, view, counts = await inbox.CountsAsync(rep, ct), leads, truncated = leads.Count >= SalesInboxStore.MaxListed });
    }

    /// <summary>A view of the inbox as a spreadsheet: the rep's list of leads with where each stands (won deals with their value).</summary>
    private static IResult InboxSpreadsheet(string rep, string view, List<InboxItem> leads, string format) => SpreadsheetDownload.Create(
        ["Lead", "Email", "Company", "Phone", "Status", "Assigned at", "Stage", "Grade", "Engagement", "Fit", "Deal value", "Closed on", "Last activity", "Lead id"],
        leads.Select(l => (IReadOnlyList<string?>)
        [
            l.Name, l.Email, l.Company, l.Phone, l.Status, l.AssignedAt.ToString("u", CultureInfo.InvariantCulture), l.Stage, l.Grade,
            l.Engagement.ToString("0.#", CultureInfo.InvariantCulture), l.Fit.ToString("0.#", CultureInfo.InvariantCulture),
            l.DealValue?.ToString("0.##", CultureInfo.InvariantCulture), l.ClosedOn, l.LastActivity is { } a ? $"{a.Kind}{(a.Outcome is null ? "" : ": " + a.Outcome)}, {a.At.ToString("u", CultureInfo.InvariantCulture)}" : null, l.LeadId.ToString(),
        ]),
        format, $"inbox-{rep}-{view}", "Inbox");

    /// <summary>The tipping event's email by its name, as reps know it, rather than its template id.</summary>
    internal static async Task<InboxItem> NameTemplateAsync(InboxItem item, EmailTemplateStore templates, CancellationToken ct)
    {
        if (item.Tipping?.TemplateId is not { } id || await templates.GetAsync(id, ct) is not { } template) return item;
        return item with { Tipping = item.Tipping with { TemplateName = template.Name } };
    }

    private static async Task<IResult> FeedbackAsync(
        string id, HttpRequest request, HttpContext http, Caller caller, RepStore reps, SalesFeedbackStore store, SalesEvents events,
        IGrainFactory grains, IScoringModelSource models, TimeProvider time, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        var (body, error) = await JsonBody.ReadAsync(request, ct);
        if (body is null) return error!;
        using var _ = body;
        var outcome = body.String("outcome", 20, required: false);
        if (outcome is null || !SalesFeedbackStore.Outcomes.Contains(outcome))
        {
            body.Errors.RemoveAll(e => e.Field == JsonBody.PathOf("outcome"));
            body.Error("outcome", "must be one of accepted, rejected, won, lost");
        }
        var reason = body.String("reason", 40, required: false);
        if (outcome == "rejected" && reason is null && !body.Errors.Any(e => e.Field == JsonBody.PathOf("reason")))
            body.Error("reason", $"is required when rejecting: one of {string.Join(", ", SalesFeedbackStore.RejectReasons)}");
        else if (outcome == "rejected" && reason is not null && !SalesFeedbackStore.RejectReasons.Contains(reason))
            body.Error("reason", $"must be one of {string.Join(", ", SalesFeedbackStore.RejectReasons)}");
        var deal = WonDeal.Parse(body, outcome ?? "", DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        // Sales speak for their own rep, whatever the body says.
        var rep = caller.IsSales ? caller.RepId : body.String("rep", 64, required: false);
        if (body.Errors.Count > 0) return ApiErrors.BadRequest(body.Errors);
        if (!caller.IsSales && rep is not null && await reps.GetAsync(rep, ct) is null) return ApiErrors.BadRequest("$.rep", "is not a known rep");
        if (await LeadResolver.ResolveAsync(grains, leadId) is not { } lead) return ApiErrors.NotFound("The lead");
        var rules = LeadScorer.Report(lead.Scores, models.Current, time.GetUtcNow()).TopContributions.Select(c => c.RuleId).Distinct().ToList();
        await store.RecordAsync(lead.Id, outcome!, reason, rep, lead.FirstTouch?.Source.Channel ?? "direct", rules, deal, ct);
        // The verdict is an event of the lead too: on its timeline, for rules, flows, segments and reports.
        if (SalesEvents.OfOutcome(outcome!) is { } type)
            await events.RecordAsync(type, lead.Id, [("rep", rep), ("user", caller.Actor), ("deal_value", deal?.ValueText), ("closed_on", deal?.ClosedOnText)], ct);
        // The verdict is on the lead too: its list row, history and segments (a segment on sales_outcome =
        // rejected with a flow on it is how rejected leads go back to nurturing). A closed lead has no owner.
        await grains.GetGrain<ILeadGrain>(lead.Id).UpdateAsync(new LeadUpdate
        {
            Actor = rep is { } who ? $"rep:{who}" : ApiActor.Of(http), At = time.GetUtcNow(),
            Traits = new Dictionary<string, string> { [SalesTraits.Outcome] = outcome!, [SalesTraits.Reason] = reason ?? "" },
            Owner = outcome is "rejected" or "lost" ? "" : null,
        });
        return TypedResults.Ok(new { leadId = lead.Id, outcome, reason, rep, dealValue = deal?.Value, closedOn = deal?.ClosedOnText });
    }

    /// <summary>A call, meeting or note on the lead: an event of the lead, a row the SLA watch sees, and a line in its change history.</summary>
    private static async Task<IResult> ActivityAsync(
        string id, HttpRequest request, HttpContext http, Caller caller, RepStore reps, SalesActivityStore activities, SalesEvents events,
        IGrainFactory grains, TimeProvider time, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        var (body, error) = await JsonBody.ReadAsync(request, ct);
        if (body is null) return error!;
        using var _ = body;
        var activity = SalesActivityRequest.Parse(body);
        if (activity is null) return ApiErrors.BadRequest(body.Errors);
        // Sales log as their own rep; an admin may name the rep they log for.
        var rep = caller.IsSales ? caller.RepId : activity.Rep;
        if (!caller.IsSales && rep is not null && await reps.GetAsync(rep, ct) is null) return ApiErrors.BadRequest("$.rep", "is not a known rep");
        if (await LeadResolver.ResolveAsync(grains, leadId) is not { } lead) return ApiErrors.NotFound("The lead");
        var at = time.GetUtcNow();
        var eventId = await events.RecordAsync(activity.EventType, lead.Id,
            [("outcome", activity.Outcome), ("rep", rep), ("user", caller.Actor), ("note", activity.Note)], ct);
        await activities.RecordAsync(Guid.ParseExact(eventId, "N"), lead.Id, rep, activity.Kind, activity.Outcome, caller.Actor, at, ct);
        // The time makes each one a change of its own, so every call shows in the history, not only the first of a kind.
        var summary = $"{activity.Summary} ({at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)";
        await grains.GetGrain<ILeadGrain>(lead.Id).UpdateAsync(new LeadUpdate
        {
            Actor = rep is { } who ? $"rep:{who}" : ApiActor.Of(http), At = at,
            Traits = new Dictionary<string, string> { [SalesTraits.LastActivity] = summary },
        });
        return TypedResults.Created($"/api/leads/{lead.Id}/timeline", new
        {
            id = eventId, leadId = lead.Id, kind = activity.Kind, type = activity.EventType, outcome = activity.Outcome, note = activity.Note,
            rep, user = caller.Actor, at,
        });
    }
}
