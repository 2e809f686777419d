using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Nurture.Abstractions;
using Nurture.Scoring;
using Nurture.Scoring.Predictive;
using Nurture.Server.Scoring;
using Nurture.Spreadsheets;
using Nurture.Http;
using Nurture.Abstractions.Leads;

namespace Nurture.Server.Apis;

/// <summary>
/// Predictive scoring: train a "will convert" model from an uploaded CSV or XLSX file or from sales' won/lost feedback, list the versions with their
/// reports, activate one explicitly, and read a lead's likelihood with the features behind it.
/// </summary>
public static class PredictiveApi
{
    /// <summary>Training takes both cores of a small machine for seconds: one at a time per node, the others wait.</summary>
    private static readonly SemaphoreSlim Training = new(1, 1);

    /// <summary>Room for the multipart framing and the label field around a file at the size cap.</summary>

    public sealed record TrainedResponse(int Version, bool Active, PredictiveReport Report);

    public sealed record ModelsResponse(int? ActiveVersion, string? ActiveModelProblem, IReadOnlyList<PostgresPredictiveModelStore.StoredModel> Models);

    public sealed record PredictionResponse(
        Guid LeadId, Guid? ResolvedFrom, int ModelVersion, double Likelihood, IReadOnlyList<FeatureContribution> TopFeatures, DateTimeOffset At);

    public static RouteGroupBuilder MapPredictiveApi(this RouteGroupBuilder api)
    {
        var predictive = api.MapGroup("/scoring/predictive").WithTags("Predictive scoring").AllowRoles(Roles.Admin, Roles.Marketer)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity);
        // No Accepts(multipart) metadata: routing would answer a wrong content type with a bare 415, we answer 400 naming the fields.
        predictive.MapPost("/train", TrainAsync).Produces<TrainedResponse>(StatusCodes.Status201Created)
            .WithDescription("multipart/form-data with the CSV or XLSX file (told apart by content) in \"file\" and the outcome column's name in \"label\"; "
                + "or JSON {\"source\": \"outcomes\"} to train from sales' won/lost feedback");
        predictive.MapGet("/models", ListAsync);
        predictive.MapPost("/models/{version}/activate", ActivateAsync);
        predictive.MapPredictiveUploadsApi();
        api.MapGet("/leads/{id}/prediction", PredictAsync).WithTags("Predictive scoring").AllowRoles(Roles.Admin, Roles.Marketer);
        return api;
    }

    /// <summary>A JSON body (the source to train from) is a few bytes; anything bigger is not one.</summary>
    private const long MaxJsonBody = 16 * 1024;

    /// <summary>An outcome training already running on this node: a second one would train the same labels into a twin version.</summary>
    private static int outcomeTrainingRunning;

    /// <summary>The training request as JSON: where the labelled rows come from.</summary>
    public sealed record TrainRequest(string? Source);

    public const string OutcomesSource = "outcomes";

    /// <summary>multipart/form-data trains from an uploaded CSV or XLSX; JSON <c>{"source":"outcomes"}</c> from sales' won/lost feedback.</summary>
    private static Task<IResult> TrainAsync(
        HttpRequest request, PostgresPredictiveModelStore store, OutcomeTrainingSet outcomes, CancellationToken cancellationToken) =>
        request.HasJsonContentType()
            ? TrainFromOutcomesAsync(request, store, outcomes, cancellationToken)
            : TrainFromFileAsync(request, store, cancellationToken);

    private static async Task<IResult> TrainFromFileAsync(HttpRequest request, PostgresPredictiveModelStore store, CancellationToken cancellationToken)
    {
        var limits = TrainingSpreadsheet.DefaultLimits;
        var (form, problem) = await SpreadsheetUploadForm.ReadAsync(request, limits,
            "send multipart/form-data with the CSV or XLSX file in a field named \"file\" and the outcome column's name in a field named \"label\", "
            + "or JSON {\"source\": \"outcomes\"} to train from sales' won/lost feedback", cancellationToken);
        if (form is null) return problem!;

        var file = form.Files.GetFile("file");
        var label = form["label"].ToString();
        var errors = new List<FieldError>();
        if (file is null) errors.Add(new("file", "is required: the CSV or XLSX file as a multipart file field named \"file\""));
        if (string.IsNullOrWhiteSpace(label)) errors.Add(new("label", "is required: the name of the column that holds the outcome (1/0, true/false, yes/no or won/lost)"));
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        if (file!.Length > limits.MaxFileBytes) return SpreadsheetUploadForm.TooLarge(limits);

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, cancellationToken);

        try
        {
            return await TrainAndSaveAsync(() => TrainingSpreadsheet.Read(bytes, label, limits), store, cancellationToken);
        }
        catch (TrainingDataException ex)
        {
            return ApiErrors.BadRequest([.. ex.Errors.Select(e => new FieldError(e.Field, e.Reason))]);
        }
    }

    /// <summary>
    /// Trains from the won/lost labels sales gave (nurture_outcomes). A wrong body is 400; too few labels of
    /// a class is 422 saying how many there are and how many are needed; a second request while one runs is 409.
    /// </summary>
    private static async Task<IResult> TrainFromOutcomesAsync(
        HttpRequest request, PostgresPredictiveModelStore store, OutcomeTrainingSet outcomes, CancellationToken cancellationToken)
    {
        if (await ReadTrainRequestAsync(request, cancellationToken) is (null, { } problem)) return problem;
        if (Interlocked.Exchange(ref outcomeTrainingRunning, 1) == 1)
            return ApiErrors.Refused("$.source", "a training from sales outcomes is already running; its version will appear in GET /api/scoring/predictive/models");
        try
        {
            var options = PredictiveTrainingOptions.Default;
            var labels = await outcomes.LabelsAsync(cancellationToken);
            if (OutcomeTrainingSet.Shortfall(labels, options) is { } shortfall) return NotTrainable("$.source", shortfall);
            var table = await outcomes.BuildAsync(labels, cancellationToken);
            return await TrainAndSaveAsync(() => table, store, cancellationToken);
        }
        catch (TrainingDataException ex)
        {
            // Labels enough in the table, but not after erased and merged leads were left out.
            return NotTrainable("$.source", string.Join("; ", ex.Errors.Select(e => e.Reason)));
        }
        finally
        {
            Volatile.Write(ref outcomeTrainingRunning, 0);
        }
    }

    /// <summary>The JSON body, or the 400 that says what is wrong with it.</summary>
    private static async Task<(TrainRequest? Request, IResult? Problem)> ReadTrainRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const string expected = "must be a JSON object {\"source\": \"outcomes\"} (to train from a CSV or XLSX file, send multipart/form-data with \"file\" and \"label\")";
        if (request.ContentLength > MaxJsonBody) return (null, ApiErrors.BadRequest(JsonPath.Root, $"is {request.ContentLength} bytes; {expected}"));
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit) bodyLimit.MaxRequestBodySize = MaxJsonBody;
        TrainRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<TrainRequest>(cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or BadHttpRequestException or IOException)
        {
            return (null, ApiErrors.BadRequest((ex as JsonException)?.Path ?? JsonPath.Root, expected));
        }
        if (string.IsNullOrWhiteSpace(body?.Source))
            return (null, ApiErrors.BadRequest("$.source", $"is required: \"{OutcomesSource}\" trains from sales' won/lost feedback (to train from a CSV or XLSX file, send multipart/form-data with \"file\" and \"label\")"));
        if (body.Source != OutcomesSource)
            return (null, ApiErrors.BadRequest("$.source", $"must be \"{OutcomesSource}\" (sales' won/lost feedback); a CSV or XLSX file is uploaded as multipart/form-data with \"file\" and \"label\""));
        return (body, null);
    }

    /// <summary>
    /// The one training path, whatever the rows came from: reads the table, trains (one training at a time per
    /// node), stores the new version inactive. Throws <see cref="TrainingDataException"/> for unusable data.
    /// </summary>
    internal static async Task<IResult> TrainAndSaveAsync(Func<TrainingTable> read, PostgresPredictiveModelStore store, CancellationToken cancellationToken)
    {
        PredictiveModel model;
        PredictiveReport report;
        await Training.WaitAsync(cancellationToken);
        try
        {
            (model, report) = await Task.Run(() => PredictiveTrainer.Train(read()), cancellationToken);
        }
        finally
        {
            Training.Release();
        }
        var version = await store.SaveAsync(model, report, cancellationToken);
        return TypedResults.Created("/api/scoring/predictive/models", new TrainedResponse(version, false, report));
    }

    private static IResult NotTrainable(string field, string reason) =>
        ApiErrors.Problem(StatusCodes.Status422UnprocessableEntity, [new FieldError(field, reason)], "The labels cannot train a model.");

    private static async Task<IResult> ListAsync(PostgresPredictiveModelStore store, CancellationToken cancellationToken)
    {
        var models = await store.ListAsync(cancellationToken);
        return TypedResults.Ok(new ModelsResponse(models.FirstOrDefault(m => m.Active)?.Version, store.Problem, models));
    }

    private static async Task<IResult> ActivateAsync(string version, PostgresPredictiveModelStore store, CancellationToken cancellationToken)
    {
        if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return ApiErrors.BadRequest("version", "must be a model version number");
        var (result, problem) = await store.ActivateAsync(number, cancellationToken);
        return result switch
        {
            PostgresPredictiveModelStore.Activation.Activated => TypedResults.Ok(new { version = number, active = true }),
            PostgresPredictiveModelStore.Activation.NotFound => ApiErrors.NotFound($"Predictive model version {number}"),
            _ => ApiErrors.Problem(StatusCodes.Status422UnprocessableEntity, [new FieldError("version", problem ?? "does not load")], "The model cannot be activated."),
        };
    }

    private static async Task<IResult> PredictAsync(
        string id, IGrainFactory grains, IPredictiveModelSource predictive, IScoringModelSource scoring, TimeProvider time)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        if (predictive.Active is not { } active)
        {
            var reason = predictive.Problem
                ?? "train one with POST /api/scoring/predictive/train, then activate it with POST /api/scoring/predictive/models/{version}/activate";
            return ApiErrors.Problem(StatusCodes.Status404NotFound, [], $"No predictive model is active: {reason}");
        }
        var state = await LeadResolver.ResolveAsync(grains, leadId);
        if (state is null) return ApiErrors.NotFound("The lead");

        var now = time.GetUtcNow();
        var prediction = active.Model.Predict(LeadFeatures.Extract(state, scoring.Current, now));
        return TypedResults.Ok(new PredictionResponse(state.Id, leadId == state.Id ? null : leadId, active.Version,
            prediction.Likelihood, prediction.TopFeatures, now));
    }

}
