using Microsoft.AspNetCore.Http.Features;
using Nurture.Abstractions;
using Nurture.Http;
using Nurture.Scoring.Predictive;
using Nurture.Server.Scoring;
using Nurture.Spreadsheets;

namespace Nurture.Server.Apis;

/// <summary>
/// Training in two steps, as the console does it: upload a CSV or XLSX and get its columns back (kind, samples,
/// the outcome's values), then train from that upload with the outcome column, the values that mean "became a
/// customer", and the columns to leave out. Also how many won and lost verdicts sales have given, for training
/// from those. Under /api/scoring/predictive, with its roles.
/// </summary>
public static class PredictiveUploadsApi
{
    /// <summary>Room for the multipart framing around a file at the size cap.</summary>

    /// <summary>A choice names at most every column (500) and some values: far below this.</summary>
    private const long MaxChoiceBody = 256 * 1024;

    private const int MaxNameLength = 1000;
    private const int MaxColumns = 500;
    private const int MaxValues = 100;

    private static readonly string[] ChoiceFields = ["label", "positive", "negative", "exclude"];

    public sealed record UploadResponse(Guid Id, string FileName, DateTimeOffset ExpiresAt, SpreadsheetInspection Inspection);

    public sealed record OutcomesResponse(int Won, int Lost, int MinPerClass, int MinRows, string? Shortfall);

    public static RouteGroupBuilder MapPredictiveUploadsApi(this RouteGroupBuilder predictive)
    {
        // No Accepts(multipart) metadata: routing would answer a wrong content type with a bare 415, we answer 400 naming the field.
        predictive.MapPost("/uploads", UploadAsync).DisableAntiforgery().Produces<UploadResponse>(StatusCodes.Status201Created)
            .WithDescription("multipart/form-data with the CSV or XLSX file in \"file\"; answers its columns to choose from, kept for an hour");
        predictive.MapPost("/uploads/{id}/train", TrainAsync).Produces<PredictiveApi.TrainedResponse>(StatusCodes.Status201Created)
            .WithDescription("JSON {\"label\": column, \"positive\": [values], \"negative\": [values], \"exclude\": [columns]}; only label is required");
        predictive.MapGet("/outcomes", OutcomesAsync).Produces<OutcomesResponse>();
        return predictive;
    }

    private static async Task<IResult> UploadAsync(HttpRequest request, PredictiveUploadStore uploads, CancellationToken cancellationToken)
    {
        var limits = TrainingSpreadsheet.DefaultLimits;
        var (form, problem) = await SpreadsheetUploadForm.ReadAsync(request, limits,
            "send multipart/form-data with the CSV or XLSX file in a field named \"file\"", cancellationToken);
        if (form is null) return problem!;
        if (form.Files.GetFile("file") is not { } file) return ApiErrors.BadRequest("file", "is required: a CSV (UTF-8 or Shift_JIS) or XLSX file with a header row");
        if (file.Length > limits.MaxFileBytes) return SpreadsheetUploadForm.TooLarge(limits);

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, cancellationToken);
        var fileName = FileName(file.FileName);
        SpreadsheetInspection inspection;
        try
        {
            inspection = TrainingFileInspector.Inspect(bytes, limits, fileName);
        }
        catch (TrainingDataException ex)
        {
            return ApiErrors.BadRequest([.. ex.Errors.Select(e => new FieldError("file", e.Reason))]);
        }
        var stored = await uploads.AddAsync(fileName, bytes, ApiActor.Of(request.HttpContext), cancellationToken);
        return TypedResults.Created($"/api/scoring/predictive/uploads/{stored.Id}", new UploadResponse(stored.Id, stored.FileName, stored.ExpiresAt, inspection));
    }

    /// <summary>
    /// Trains from an upload as the body chooses. A wrong body or a choice the file cannot meet is 400 by field
    /// (<c>$.label</c>, <c>$.positive[0]</c>, <c>$.exclude</c>, and <c>file</c> for too few rows); an unknown or expired upload 404.
    /// </summary>
    private static async Task<IResult> TrainAsync(
        string id, HttpRequest request, PredictiveUploadStore uploads, PostgresPredictiveModelStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var uploadId)) return ApiErrors.BadRequest("id", "must be an upload id (a UUID)");
        if (request.ContentLength > MaxChoiceBody) return ApiErrors.BadRequest(JsonPath.Root, $"is {request.ContentLength} bytes; a choice is at most {MaxChoiceBody / 1024} KB");
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit) bodyLimit.MaxRequestBodySize = MaxChoiceBody;
        if (!request.HasJsonContentType()) return ApiErrors.BadRequest("Content-Type", "must be application/json: {\"label\": the outcome column, …}");
        JsonBody? body;
        IResult? error;
        try
        {
            (body, error) = await JsonBody.ReadAsync(request, cancellationToken);
        }
        catch (BadHttpRequestException)
        {
            return ApiErrors.BadRequest(JsonPath.Root, $"is over {MaxChoiceBody / 1024} KB");
        }
        if (body is null) return error!;
        TrainingChoice choice;
        using (body)
        {
            foreach (var unknown in body.FieldNames().Where(n => !ChoiceFields.Contains(n)))
                body.Error(unknown, $"is not a field of a training choice; the fields are {string.Join(", ", ChoiceFields)}");
            var label = body.String("label", MaxNameLength, required: true);
            var positive = body.StringList("positive", MaxValues, Keep);
            var negative = body.StringList("negative", MaxValues, Keep);
            var exclude = body.StringList("exclude", MaxColumns, Keep);
            if (body.Errors.Count > 0) return ApiErrors.BadRequest(body.Errors);
            choice = new TrainingChoice(label!, positive, negative, exclude);
        }

        if (await uploads.GetAsync(uploadId, cancellationToken) is not var (fileName, file))
            return ApiErrors.Problem(StatusCodes.Status404NotFound, [new FieldError("id", "no such upload: uploads are kept for an hour; upload the file again")],
                "The upload was not found.");
        try
        {
            return await PredictiveApi.TrainAndSaveAsync(() => TrainingSpreadsheet.Read(file, choice, TrainingSpreadsheet.DefaultLimits, fileName), store, cancellationToken);
        }
        catch (TrainingDataException ex)
        {
            return ApiErrors.BadRequest([.. ex.Errors.Select(e => new FieldError(e.Field == "file" ? "file" : JsonBody.PathOf(e.Field), e.Reason))]);
        }
    }

    private static string? Keep(string value, List<FieldError> errors, string path)
    {
        if (value.Length <= MaxNameLength) return value;
        errors.Add(new(path, $"must be at most {MaxNameLength} characters"));
        return null;
    }

    /// <summary>How many won and lost verdicts sales have given, and what is missing to train from them.</summary>
    private static async Task<IResult> OutcomesAsync(OutcomeTrainingSet outcomes, CancellationToken cancellationToken)
    {
        var options = PredictiveTrainingOptions.Default;
        var labels = await outcomes.LabelsAsync(cancellationToken);
        var won = labels.Count(l => l.Converted);
        return TypedResults.Ok(new OutcomesResponse(won, labels.Count - won, options.MinRowsPerClass, options.MinRows, OutcomeTrainingSet.Shortfall(labels, options)));
    }

    /// <summary>The name as sent, without any folder or control characters, at most 255 characters (the column's size).</summary>
    private static string FileName(string? sent)
    {
        var name = new string(Path.GetFileName(sent ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0) name = "upload";
        return name.Length > 255 ? name[..255] : name;
    }

}
