using System.Text.Json;
using Nurture.Abstractions.Scoring;
using Nurture.EventStore;
using Nurture.Scoring;
using Nurture.Scoring.Model;
using Nurture.Scoring.Predictive;
using Nurture.Server.Scoring;
using Nurture.Http;
using Nurture.Abstractions.Leads;
using Nurture.Handoff.Sales;

namespace Nurture.Server.Apis;

/// <summary>The scoring model (versioned, validated by JSON path) and a lead's scores with their reasons.</summary>
public static class ScoringApi
{
    public sealed record ModelResponse(int Version, JsonElement Model);

    public static RouteGroupBuilder MapScoringApi(this RouteGroupBuilder api)
    {
        var scoring = api.MapGroup("/scoring").WithTags("Scoring").AllowRoles(Roles.Admin, Roles.Marketer)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        scoring.MapGet("/model", (IScoringModelSource models) => TypedResults.Ok(new ModelResponse(models.Current.Version, models.Current.Document)));
        scoring.MapPut("/model", SaveModelAsync).Accepts<JsonElement>("application/json");
        scoring.MapPost("/model/preview", PreviewModelAsync).Accepts<JsonElement>("application/json");
        scoring.MapGet("/model/versions", async (PostgresScoringModelStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(v => new { v.Version, v.CreatedAt, model = v.Document })));
        scoring.MapPost("/rescore", async (IGrainFactory grains) =>
            TypedResults.Json(await grains.GetGrain<IRescoreJobGrain>("scoring").StartAsync(), statusCode: StatusCodes.Status202Accepted));
        scoring.MapGet("/rescore", async (IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<IRescoreJobGrain>("scoring").GetStatusAsync()));
        api.MapGet("/leads/{id}/score/history", ScoreHistoryAsync).WithTags("Scoring").AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales).ScopeSalesToAssignedLeads()
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/leads/{id}/score", ScoreAsync).WithTags("Scoring").AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales).ScopeSalesToAssignedLeads();
        return api;
    }

    private static async Task<IResult> SaveModelAsync(HttpRequest request, PostgresScoringModelStore store, CancellationToken cancellationToken)
    {
        var (model, invalid) = await ReadModelAsync(request, cancellationToken);
        if (model is null) return invalid!;
        var saved = await store.SaveAsync(model, cancellationToken);
        return TypedResults.Ok(new ModelResponse(saved.Version, saved.Document));
    }

    /// <summary>
    /// A candidate model tried on a sample of existing leads (?sample=, 1 to 1000, 200 by default): how
    /// many would change stage, and which way. Invalid models answer exactly as PUT /model does.
    /// </summary>
    private static async Task<IResult> PreviewModelAsync(HttpRequest request, string? sample, ScoringModelPreview preview, CancellationToken cancellationToken)
    {
        var size = ScoringModelPreview.DefaultSample;
        if (sample is not null && (!int.TryParse(sample, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size)
                                   || size is < 1 or > ScoringModelPreview.MaxSample))
            return ApiErrors.BadRequest("sample", $"must be a whole number from 1 to {ScoringModelPreview.MaxSample}");
        var (model, invalid) = await ReadModelAsync(request, cancellationToken);
        if (model is null) return invalid!;
        return await LeadsApi.ClickHouseCallAsync(async () => TypedResults.Ok(await preview.RunAsync(model, size, cancellationToken)), cancellationToken);
    }

    /// <summary>The body as a model, or the 400 listing every problem by JSON path.</summary>
    private static async Task<(ScoringModel? Model, IResult? Invalid)> ReadModelAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, ApiErrors.BadRequest([new FieldError("$", $"is not valid JSON: {ex.Message}")], "The model is invalid."));
        }
        using (document)
        {
            var (model, errors) = ScoringModelParser.Parse(document.RootElement);
            return model is null ? (null, Invalid("The model is invalid.", errors)) : (model, null);
        }
    }

    /// <summary>A model's (or flow's) errors, already keyed by JSON path.</summary>
    internal static IResult Invalid(string detail, IEnumerable<ModelError> errors) =>
        ApiErrors.BadRequest(errors.Select(e => new FieldError(e.Path, e.Reason)), detail);

    /// <summary>The lead's score over time (?limit= newest points, 1 to 2000, 500 by default), oldest first.</summary>
    private static async Task<IResult> ScoreHistoryAsync(string id, string? limit, IGrainFactory grains, ScoreHistory history, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        if (!Guid.TryParse(id, out var leadId)) errors.Add(new("id", "must be a lead id (a UUID)"));
        var size = 500;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size)
                                  || size is < 1 or > ScoreHistory.MaxPoints))
            errors.Add(new("limit", $"must be a whole number from 1 to {ScoreHistory.MaxPoints}"));
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        if (await LeadResolver.ResolveAsync(grains, leadId) is not { } state) return ApiErrors.NotFound("The lead");
        var ids = state.HistoryIds.Append(state.Id).Distinct().ToList();
        return await LeadsApi.ClickHouseCallAsync(async () =>
            TypedResults.Ok(new { leadId = state.Id, points = await history.ReadAsync(ids, size, cancellationToken) }), cancellationToken);
    }

    private static async Task<IResult> ScoreAsync(
        string id, IGrainFactory grains, IScoringModelSource models, IPredictiveModelSource predictive, TimeProvider time)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        var state = await LeadResolver.ResolveAsync(grains, leadId);
        if (state is null) return ApiErrors.NotFound("The lead");
        var now = time.GetUtcNow();
        var report = LeadScorer.Report(state.Scores, models.Current, now);
        // The predictive part is optional: no active model (or a broken one) leaves the rule scores alone.
        object? prediction = predictive.Active is { } active
            ? new { modelVersion = active.Version, prediction = active.Model.Predict(LeadFeatures.Extract(state, models.Current, now)) }
            : null;
        return TypedResults.Ok(new { leadId = state.Id, resolvedFrom = leadId == state.Id ? (Guid?)null : leadId, score = report, predictive = prediction });
    }
}
