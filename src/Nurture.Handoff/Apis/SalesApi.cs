using Nurture.Abstractions.Leads;
using Nurture.Scoring;
using Nurture.Http;
using Nurture.Handoff.Reps;
using Nurture.Handoff.Sales;

namespace Nurture.Handoff.Apis;

/// <summary>The rep's inbox of hot leads, their feedback on leads, and the reject report marketers tune the model with.</summary>
public static class SalesApi
{
    public sealed record FeedbackRequest(string? Outcome, string? Reason, string? Rep);

    public static RouteGroupBuilder MapSalesApi(this RouteGroupBuilder api)
    {
        // Sales see their own rep's inbox and give feedback on their own leads; the report is for tuning the model.
        api.MapGet("/sales/inbox", InboxAsync).WithTags("Hand-off").AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales);
        api.MapGet("/sales/stream", SalesStream.StreamAsync).WithTags("Hand-off").AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        api.MapPost("/leads/{id}/feedback", FeedbackAsync).WithTags("Hand-off").AllowRoles(Roles.Admin, Roles.Sales).ScopeSalesToAssignedLeads();
        api.MapGet("/sales/feedback/report", async (SalesFeedbackStore store, CancellationToken ct) =>
            TypedResults.Ok(new { rejections = await store.RejectReportAsync(ct), rules = await store.RuleReportAsync(ct) }))
            .WithTags("Hand-off").AllowRoles(Roles.Admin, Roles.Marketer);
        return api;
    }

    private static async Task<IResult> InboxAsync(
        string? rep, Caller caller, RepStore reps, SalesFeedbackStore store, IGrainFactory grains, IScoringModelSource models, TimeProvider time, CancellationToken ct)
    {
        if (caller.IsSales)
        {
            // A sales user reads their own rep's inbox (rep= may be left out); with no rep linked it is empty.
            if (rep is not null && rep != caller.RepId) return ApiErrors.NotFound("The rep");
            if (caller.RepId is null) return TypedResults.Ok(new { rep = (string?)null, leads = Array.Empty<object>() });
            rep = caller.RepId;
        }
        if (string.IsNullOrWhiteSpace(rep)) return ApiErrors.BadRequest("rep", "is required (GET /api/sales/inbox?rep=<rep id>)");
        if (await reps.GetAsync(rep, ct) is null) return ApiErrors.NotFound("The rep");
        var leads = new List<InboxItem>();
        foreach (var entry in await store.InboxAsync(rep, ct))
        {
            if (await LeadResolver.ResolveAsync(grains, entry.LeadId) is not { } lead) continue;
            leads.Add(InboxItem.From(lead, entry, models.Current, time.GetUtcNow()));
        }
        return TypedResults.Ok(new { rep, leads });
    }

    private static async Task<IResult> FeedbackAsync(
        string id, FeedbackRequest? body, HttpContext http, Caller caller, RepStore reps, SalesFeedbackStore store, IGrainFactory grains,
        IScoringModelSource models, TimeProvider time, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        if (body?.Outcome is not { } outcome || !SalesFeedbackStore.Outcomes.Contains(outcome))
            return ApiErrors.BadRequest("$.outcome", "must be one of accepted, rejected, won, lost");
        var reason = string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason.Trim();
        if (outcome == "rejected" && reason is null)
            return ApiErrors.BadRequest("$.reason", $"is required when rejecting: one of {string.Join(", ", SalesFeedbackStore.RejectReasons)}");
        if (outcome == "rejected" && !SalesFeedbackStore.RejectReasons.Contains(reason))
            return ApiErrors.BadRequest("$.reason", $"must be one of {string.Join(", ", SalesFeedbackStore.RejectReasons)}");
        if (reason is { Length: > 40 }) return ApiErrors.BadRequest("$.reason", "must be at most 40 characters");
        // Sales speak for their own rep, whatever the body says.
        if (caller.IsSales) body = body with { Rep = caller.RepId };
        if (body.Rep is { } repId && await reps.GetAsync(repId, ct) is null) return ApiErrors.BadRequest("$.rep", "is not a known rep");
        if (await LeadResolver.ResolveAsync(grains, leadId) is not { } lead) return ApiErrors.NotFound("The lead");
        var rules = LeadScorer.Report(lead.Scores, models.Current, time.GetUtcNow()).TopContributions.Select(c => c.RuleId).Distinct().ToList();
        await store.RecordAsync(lead.Id, outcome, reason, body.Rep, lead.FirstTouch?.Source.Channel ?? "direct", rules, ct);
        // The verdict is on the lead too: its list row, history and segments (a segment on sales_outcome =
        // rejected with a flow on it is how rejected leads go back to nurturing). A closed lead has no owner.
        await grains.GetGrain<ILeadGrain>(lead.Id).UpdateAsync(new LeadUpdate
        {
            Actor = body.Rep is { } who ? $"rep:{who}" : ApiActor.Of(http), At = time.GetUtcNow(),
            Traits = new Dictionary<string, string> { [SalesTraits.Outcome] = outcome, [SalesTraits.Reason] = reason ?? "" },
            Owner = outcome is "rejected" or "lost" ? "" : null,
        });
        return TypedResults.Ok(new { leadId = lead.Id, outcome, reason, rep = body.Rep });
    }
}
