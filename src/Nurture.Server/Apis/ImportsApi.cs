using System.Globalization;
using Microsoft.Extensions.Options;
using Nurture.Server.Imports;
using Nurture.Http;

namespace Nurture.Server.Apis;

/// <summary>
/// Spreadsheet imports: upload (a dry run that writes no lead), start the real run, watch its progress
/// and row results, undo it. Uploading the same file with the same settings again answers the same import.
/// </summary>
public static class ImportsApi
{
    public static RouteGroupBuilder MapImportsApi(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/imports").WithTags("Imports").AllowRoles(Roles.Admin, Roles.Marketer)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable);
        imports.MapPost("/", UploadAsync).DisableAntiforgery();
        imports.MapGet("/", async (ImportStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        imports.MapGet("/{id}", GetAsync);
        imports.MapGet("/{id}/rows", RowsAsync);
        imports.MapPost("/{id}/start", StartAsync);
        imports.MapPost("/{id}/undo", UndoAsync);
        return api;
    }

    private static async Task<IResult> UploadAsync(
        HttpRequest request, ImportPreviewer previewer, ImportStore store, IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType) return ApiErrors.BadRequest("file", "send the file as multipart/form-data with fields file, mapping, source and mode");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return ApiErrors.BadRequest("file", $"the upload could not be read: {ex.Message}");
        }
        List<FieldError> errors = [];
        var file = form.Files.GetFile("file");
        if (file is null) errors.Add(new("file", "is required: a CSV (UTF-8 or Shift_JIS) or XLSX file"));
        else if (file.Length > options.Value.MaxFileBytes) errors.Add(new("file", $"is larger than {options.Value.MaxFileBytes / 1024 / 1024} MB; split it"));
        var fileName = new string(Path.GetFileName(file?.FileName ?? "upload").Where(c => !char.IsControl(c)).ToArray());
        var settings = ImportSettings.Parse(form, fileName.Length > 255 ? fileName[..255] : fileName, errors);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);

        var bytes = new byte[file!.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, cancellationToken);
        return await LeadsApi.ClickHouseCallAsync(async () =>
        {
            var preview = await previewer.PreviewAsync(new MemoryStream(bytes), settings!, cancellationToken);
            var (import, existing) = await store.AddAsync(settings!.Key(bytes), bytes, settings, preview, ApiActor.Of(request.HttpContext), cancellationToken);
            var body = new { import, existing, preview };
            return existing ? TypedResults.Ok(body) : TypedResults.Created($"/api/imports/{import.Id}", body);
        }, cancellationToken);
    }

    private static async Task<IResult> GetAsync(string id, ImportStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var importId)) return ApiErrors.BadRequest("id", "must be an import id (a UUID)");
        return await store.GetAsync(importId, cancellationToken) is { } import ? TypedResults.Ok(import) : ApiErrors.NotFound("The import");
    }

    /// <summary>
    /// The real run's row results, paged; with <c>format=csv|xlsx</c> all of them (for the outcome asked) as a
    /// file, the report a marketer fixes the source spreadsheet from.
    /// </summary>
    private static async Task<IResult> RowsAsync(string id, string? outcome, string? after, string? limit, string? format, ImportStore store, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        if (!Guid.TryParse(id, out var importId)) errors.Add(new("id", "must be an import id (a UUID)"));
        if (outcome is not (null or ImportRowResult.Created or ImportRowResult.Updated or ImportRowResult.Merged or ImportRowResult.Skipped or ImportRowResult.Error))
            errors.Add(new("outcome", "must be created, updated, merged, skipped or error"));
        var afterRow = 0;
        if (after is not null && !int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterRow)) errors.Add(new("after", "must be a row number"));
        var pageSize = 500;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 5000))
            errors.Add(new("limit", "must be a whole number from 1 to 5000"));
        if (SpreadsheetDownload.CheckFormat(format) is { } bad) errors.Add(bad);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        if (await store.GetAsync(importId, cancellationToken) is null) return ApiErrors.NotFound("The import");
        if (format is null) return TypedResults.Ok(await store.RowsAsync(importId, outcome, afterRow, pageSize, cancellationToken));
        var rows = await store.RowsAsync(importId, outcome, afterRow, int.MaxValue, cancellationToken);
        return SpreadsheetDownload.Create(["row", "outcome", "lead_id", "detail"],
            rows.Select(r => new[] { r.Row.ToString(CultureInfo.InvariantCulture), r.Outcome, r.LeadId?.ToString("D"), r.Detail }),
            format, $"import-{importId:N}-rows", "Rows");
    }

    private static async Task<IResult> StartAsync(string id, ImportStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var importId)) return ApiErrors.BadRequest("id", "must be an import id (a UUID)");
        if (await store.GetAsync(importId, cancellationToken) is not { } import) return ApiErrors.NotFound("The import");
        if (import.Preview.TryGetProperty("canRun", out var canRun) && !canRun.GetBoolean())
            return ApiErrors.Refused("id", "the dry run found errors in the file itself (see preview.fileErrors); fix the file and upload it again");
        if (!await store.StartAsync(importId, cancellationToken))
            return ApiErrors.Refused("id", $"the import is {import.Status}; only a previewed or undone import can be started");
        return TypedResults.Accepted($"/api/imports/{importId}", await store.GetAsync(importId, cancellationToken));
    }

    private static async Task<IResult> UndoAsync(string id, ImportStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var importId)) return ApiErrors.BadRequest("id", "must be an import id (a UUID)");
        if (await store.GetAsync(importId, cancellationToken) is not { } import) return ApiErrors.NotFound("The import");
        if (!await store.MoveAsync(importId, [ImportStore.Done, ImportStore.Failed], ImportStore.Undoing, cancellationToken))
            return ApiErrors.Refused("id", $"the import is {import.Status}; only a finished import can be undone");
        return TypedResults.Accepted($"/api/imports/{importId}", await store.GetAsync(importId, cancellationToken));
    }
}
