using System.Text.Json;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring;
using Nurture.Scoring.Model;
using Nurture.Scoring.Predictive;
using Nurture.Server.Scoring;
using Nurture.Server.Access;

namespace Nurture.Server.Apis;

/// <summary>The scoring model (versioned, validated by JSON path) and a lead's scores with their reasons.</summary>
public static class ScoringApi
{
    public sealed record ModelResponse(int Version, JsonElement Model);

    public sealed record ModelErrorsBody(string Title, IReadOnlyList<ModelError> Errors);

    public static RouteGroupBuilder MapScoringApi(this RouteGroupBuilder api)
    {
        var scoring = api.MapGroup("/scoring").WithTags("Scoring").AllowRoles(Roles.Admin, Roles.Marketer);
        scoring.MapGet("/model", (IScoringModelSource models) => TypedResults.Ok(new ModelResponse(models.Current.Version, models.Current.Document)));
        scoring.MapPut("/model", SaveModelAsync).Accepts<JsonElement>("application/json");
        scoring.MapGet("/model/versions", async (PostgresScoringModelStore store, CancellationToken cancellationToken) =>
            TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(v => new { v.Version, v.CreatedAt, model = v.Document })));
        scoring.MapPost("/rescore", async (IGrainFactory grains) =>
            TypedResults.Json(await grains.GetGrain<IRescoreJobGrain>("scoring").StartAsync(), statusCode: StatusCodes.Status202Accepted));
        scoring.MapGet("/rescore", async (IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<IRescoreJobGrain>("scoring").GetStatusAsync()));
        api.MapGet("/leads/{id}/score", ScoreAsync).WithTags("Scoring").AllowRoles(Roles.Admin, Roles.Marketer, Roles.Sales).ScopeSalesToAssignedLeads();
        return api;
    }

    private static async Task<IResult> SaveModelAsync(HttpRequest request, PostgresScoringModelStore store, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return TypedResults.BadRequest(new ModelErrorsBody("The model is invalid.", [new ModelError("$", $"is not valid JSON: {ex.Message}")]));
        }
        using (document)
        {
            var (model, errors) = ScoringModelParser.Parse(document.RootElement);
            if (model is null) return TypedResults.BadRequest(new ModelErrorsBody("The model is invalid.", errors));
            var saved = await store.SaveAsync(model, cancellationToken);
            return TypedResults.Ok(new ModelResponse(saved.Version, saved.Document));
        }
    }

    private static async Task<IResult> ScoreAsync(
        string id, IGrainFactory grains, IScoringModelSource models, IPredictiveModelSource predictive, TimeProvider time)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        var state = await LeadsApi.ResolveAsync(grains, leadId);
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
