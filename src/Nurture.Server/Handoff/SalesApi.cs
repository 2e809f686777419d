using Nurture.Scoring;
using Nurture.Server.Apis;

namespace Nurture.Server.Handoff;

/// <summary>The rep's inbox of hot leads, their feedback on leads, and the reject report marketers tune the model with.</summary>
public static class SalesApi
{
    public sealed record FeedbackRequest(string? Outcome, string? Reason, string? Rep);

    public static RouteGroupBuilder MapSalesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sales/inbox", InboxAsync).WithTags("Hand-off");
        api.MapPost("/leads/{id}/feedback", FeedbackAsync).WithTags("Hand-off");
        api.MapGet("/sales/feedback/report", async (SalesFeedbackStore store, CancellationToken ct) =>
            TypedResults.Ok(new { rejections = await store.RejectReportAsync(ct) })).WithTags("Hand-off");
        return api;
    }

    private static async Task<IResult> InboxAsync(
        string? rep, RepStore reps, SalesFeedbackStore store, IGrainFactory grains, IScoringModelSource models, TimeProvider time, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(rep)) return ApiErrors.BadRequest("rep", "is required (GET /api/sales/inbox?rep=<rep id>)");
        if (await reps.GetAsync(rep, ct) is null) return ApiErrors.NotFound("The rep");
        var leads = new List<object>();
        foreach (var entry in await store.InboxAsync(rep, ct))
        {
            if (await LeadsApi.ResolveAsync(grains, entry.LeadId) is not { } lead) continue;
            var score = LeadScorer.Report(lead.Scores, models.Current, time.GetUtcNow());
            leads.Add(new
            {
                leadId = lead.Id, email = lead.Emails.FirstOrDefault(), entry.AssignedAt, entry.Reason, entry.LastOutcome,
                score.Engagement, score.Grade, score.Fit, score.Stage,
                topInterests = score.Interest.OrderByDescending(p => p.Value).Take(3).Select(p => p.Key),
                firstTouch = lead.FirstTouch, lastTouch = lead.LastTouch, lastSeen = lead.Counters.LastSeen,
            });
        }
        return TypedResults.Ok(new { rep, leads });
    }

    private static async Task<IResult> FeedbackAsync(string id, FeedbackRequest? body, RepStore reps, SalesFeedbackStore store, IGrainFactory grains, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        if (body?.Outcome is not { } outcome || !SalesFeedbackStore.Outcomes.Contains(outcome))
            return ApiErrors.BadRequest("outcome", "must be one of accepted, rejected, won, lost");
        var reason = string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason.Trim();
        if (outcome == "rejected" && reason is null)
            return ApiErrors.BadRequest("reason", $"is required when rejecting: one of {string.Join(", ", SalesFeedbackStore.RejectReasons)}");
        if (outcome == "rejected" && !SalesFeedbackStore.RejectReasons.Contains(reason))
            return ApiErrors.BadRequest("reason", $"must be one of {string.Join(", ", SalesFeedbackStore.RejectReasons)}");
        if (reason is { Length: > 40 }) return ApiErrors.BadRequest("reason", "must be at most 40 characters");
        if (body.Rep is { } repId && await reps.GetAsync(repId, ct) is null) return ApiErrors.BadRequest("rep", "is not a known rep");
        if (await LeadsApi.ResolveAsync(grains, leadId) is not { } lead) return ApiErrors.NotFound("The lead");
        await store.RecordAsync(lead.Id, outcome, reason, body.Rep, lead.FirstTouch?.Source.Channel ?? "direct", ct);
        return TypedResults.Ok(new { leadId = lead.Id, outcome, reason, rep = body.Rep });
    }
}
