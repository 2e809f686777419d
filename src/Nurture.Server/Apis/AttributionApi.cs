using System.Globalization;
using System.Text.RegularExpressions;
using Nurture.EventStore;
using Nurture.Http;
using Nurture.Server.Attribution;

namespace Nurture.Server.Apis;

/// <summary>
/// Which channels, sources and campaigns earn the outcomes (new leads, MQLs, hot leads, won deals and their value)
/// under a model, with what they cost: the report, its download, and the campaign costs uploaded for it. Under
/// /api/analysis/attribution, with the analysis roles (admin, marketer).
/// </summary>
public static partial class AttributionApi
{
    public sealed record ReportResponse(
        DateTimeOffset From, DateTimeOffset To, string Outcome, string Model, string By, string Currency, IReadOnlyList<string> Currencies,
        double Outcomes, double Value, decimal Cost, decimal UnplacedCost, IReadOnlyList<string> UnplacedCampaigns, IReadOnlyList<AttributionRow> Rows);

    public sealed record UploadResponse(int Added, int Replaced, int Rows);

    public sealed record RowError(int? Row, string? Column, string Reason);

    public static RouteGroupBuilder MapAttributionApi(this RouteGroupBuilder analysis)
    {
        var attribution = analysis.MapGroup("/attribution");
        attribution.MapGet("/", ReportAsync).Produces<ReportResponse>()
            .WithDescription("?from=&to= (ISO; the outcome's date within), outcome=new|mql|hot|won, model=first|last|linear|position, by=channel|source|campaign, currency=JPY");
        attribution.MapGet("/export", ExportAsync).WithDescription("the report's table as ?format=csv|xlsx, with the report's parameters");
        attribution.MapGet("/costs", async (CampaignCostStore costs, CancellationToken ct) => TypedResults.Ok(await costs.ListAsync(ct)));
        attribution.MapGet("/costs/export", CostsExportAsync).WithDescription("the stored costs as ?format=csv|xlsx, in the shape an upload takes");
        // No Accepts(multipart) metadata: routing would answer a wrong content type with a bare 415, we answer 400 naming the field.
        attribution.MapPost("/costs", UploadAsync).DisableAntiforgery().Produces<UploadResponse>()
            .WithDescription("multipart/form-data with a CSV or XLSX in \"file\": columns campaign, period (2026-11), cost, optional currency; a row for a campaign, month and currency already stored replaces it; any bad row refuses the whole file, errors at rows[N].column");
        attribution.MapDelete("/costs/{id}", DeleteAsync);
        return analysis;
    }

    private sealed record Query(DateTimeOffset From, DateTimeOffset To, AttributionOutcome Outcome, AttributionModel Model, AnalysisDimension By, string Currency);

    private static Query? Parse(string? from, string? to, string? outcome, string? model, string? by, string? currency, TimeProvider time, List<FieldError> errors)
    {
        var (start, end) = AnalysisApi.Range(from, to, time, errors);
        var what = AnalysisApi.Choice(outcome, "outcome", AttributionOutcome.New, errors);
        var how = AnalysisApi.Choice(model, "model", AttributionModel.Position, errors);
        var dimension = AnalysisApi.Choice(by, "by", AnalysisDimension.Channel, errors);
        var money = (currency ?? CampaignCostSheet.DefaultCurrency).ToUpperInvariant();
        if (!CurrencyPattern().IsMatch(money)) errors.Add(new("currency", "must be a three-letter currency code such as JPY"));
        return errors.Count > 0 ? null : new Query(start, end, what, how, dimension, money);
    }

    private static async Task<ReportResponse> BuildAsync(Query q, AttributionAnalysis analysis, CampaignCostStore store, CancellationToken cancellationToken)
    {
        var costs = await store.MonthsAsync(cancellationToken);
        var credits = await analysis.CreditsAsync(q.From, q.To, q.Outcome, q.Model, cancellationToken);
        var campaigns = costs.Where(c => c.Currency == q.Currency && AttributionReport.InPeriod(c.Month, q.From, q.To) > 0).Select(c => c.Campaign).Distinct().ToList();
        var touches = q.By == AnalysisDimension.Campaign ? [] : await analysis.CampaignTouchesAsync(q.From, q.To, campaigns, cancellationToken);
        var report = AttributionReport.Build(credits, q.By, q.From, q.To, costs, q.Currency, touches);
        var currencies = costs.Select(c => c.Currency).Append(CampaignCostSheet.DefaultCurrency).Distinct().Order(StringComparer.Ordinal).ToList();
        return new ReportResponse(q.From, q.To, AttributionModels.Name(q.Outcome), AttributionModels.Name(q.Model), AttributionModels.Name(q.By), q.Currency,
            currencies, report.Outcomes, report.Value, report.Cost, report.UnplacedCost, report.UnplacedCampaigns, report.Rows);
    }

    private static async Task<IResult> ReportAsync(
        string? from, string? to, string? outcome, string? model, string? by, string? currency,
        AttributionAnalysis analysis, CampaignCostStore costs, TimeProvider time, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        if (Parse(from, to, outcome, model, by, currency, time, errors) is not { } q) return ApiErrors.BadRequest(errors);
        return await LeadsApi.ClickHouseCallAsync(async () => TypedResults.Ok(await BuildAsync(q, analysis, costs, cancellationToken)), cancellationToken);
    }

    private static async Task<IResult> ExportAsync(
        string? from, string? to, string? outcome, string? model, string? by, string? currency, string? format,
        AttributionAnalysis analysis, CampaignCostStore costs, TimeProvider time, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        var q = Parse(from, to, outcome, model, by, currency, time, errors);
        if (SpreadsheetDownload.CheckFormat(format) is { } bad) errors.Add(bad);
        if (q is null || errors.Count > 0) return ApiErrors.BadRequest(errors);
        return await LeadsApi.ClickHouseCallAsync(async () =>
        {
            var report = await BuildAsync(q, analysis, costs, cancellationToken);
            var per = q.Outcome switch
            {
                AttributionOutcome.Mql => "MQL", AttributionOutcome.Hot => "hot lead", AttributionOutcome.Won => "won deal", _ => "lead",
            };
            string[] headers = [report.By, $"{report.Outcome} ({report.Model})", "share", $"deal value ({report.Currency})", $"cost ({report.Currency})", $"cost per {per} ({report.Currency})"];
            var rows = report.Rows.Select(r => (IReadOnlyList<string?>)[r.Key.Length == 0 ? "(none)" : r.Key, Number(r.Credit), Number(r.Share), Number(r.Value),
                r.Cost?.ToString(CultureInfo.InvariantCulture), r.CostPerOutcome?.ToString(CultureInfo.InvariantCulture)]);
            return SpreadsheetDownload.Create(headers, rows, format,
                $"attribution-{report.Outcome}-{report.Model}-{report.By}-{q.From:yyyyMMdd}-{q.To:yyyyMMdd}", "Attribution");
        }, cancellationToken);
    }

    private static async Task<IResult> CostsExportAsync(string? format, CampaignCostStore costs, TimeProvider time, CancellationToken cancellationToken)
    {
        if (SpreadsheetDownload.CheckFormat(format) is { } bad) return ApiErrors.BadRequest([bad]);
        var rows = (await costs.ListAsync(cancellationToken)).Select(c => (IReadOnlyList<string?>)[c.Campaign, c.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            c.Amount.ToString(CultureInfo.InvariantCulture), c.Currency, c.FileName, c.UploadedBy, c.UploadedAt.ToString("O", CultureInfo.InvariantCulture)]);
        return SpreadsheetDownload.Create(["campaign", "period", "cost", "currency", "file", "uploaded by", "uploaded at"], rows, format,
            $"campaign-costs-{time.GetUtcNow():yyyyMMdd-HHmm}", "Campaign costs");
    }

    /// <summary>Stores a cost file whole, or answers 400 with every problem at rows[N].column (also listed in rowErrors) and stores nothing.</summary>
    private static async Task<IResult> UploadAsync(HttpRequest request, CampaignCostStore costs, CancellationToken cancellationToken)
    {
        var limits = CampaignCostSheet.Limits;
        var (form, problem) = await SpreadsheetUploadForm.ReadAsync(request, limits,
            "send multipart/form-data with the CSV or XLSX file in a field named \"file\"", cancellationToken);
        if (form is null) return problem!;
        if (form.Files.GetFile("file") is not { } file) return ApiErrors.BadRequest("file", "is required: a CSV or XLSX file with the columns campaign, period, cost");
        if (file.Length > limits.MaxFileBytes) return SpreadsheetUploadForm.TooLarge(limits);
        List<CampaignMonthCost> rows;
        List<CostSheetError> errors;
        await using (var stream = file.OpenReadStream()) (rows, errors) = CampaignCostSheet.Read(stream);
        if (errors.Count > 0)
        {
            var listed = errors.Select(e => new RowError(e.Row, e.Column, e.Reason)).ToList();
            return ApiErrors.Problem(StatusCodes.Status400BadRequest,
                errors.Select(e => new FieldError(e.Row is { } row ? $"rows[{row}]{(e.Column is { } c ? "." + c : "")}" : "file", e.Row is { } r && e.Column is null ? $"row {r}: {e.Reason}" : e.Reason)),
                $"Nothing was stored: {errors.Count} problem{(errors.Count == 1 ? "" : "s")} in the file.",
                new Dictionary<string, object?> { ["rowErrors"] = listed });
        }
        var (added, replaced) = await costs.SaveAsync(rows, FileName(file.FileName), ApiActor.Of(request.HttpContext), cancellationToken);
        return TypedResults.Ok(new UploadResponse(added, replaced, rows.Count));
    }

    private static async Task<IResult> DeleteAsync(string id, CampaignCostStore costs, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var costId)) return ApiErrors.BadRequest("id", "must be a cost id (a UUID)");
        return await costs.DeleteAsync(costId, cancellationToken) ? TypedResults.NoContent() : ApiErrors.NotFound("The cost");
    }

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string FileName(string? sent)
    {
        var name = new string(Path.GetFileName(sent ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0) name = "upload";
        return name.Length > 255 ? name[..255] : name;
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
