using System.Globalization;
using Nurture.EventStore;
using Nurture.Server.Segments;
using Nurture.Http;
using Nurture.Handoff.Sales;

namespace Nurture.Server.Apis;

/// <summary>
/// Where to spend: leads, MQLs, hot leads and won deals by channel, source or campaign over time; the
/// stage funnel with conversion rates; segment sizes.
/// </summary>
public static class AnalysisApi
{
    public static RouteGroupBuilder MapAnalysisApi(this RouteGroupBuilder api)
    {
        var analysis = api.MapGroup("/analysis").WithTags("Analysis").AllowRoles(Roles.Admin, Roles.Marketer)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        analysis.MapGet("/sources", SourcesAsync);
        analysis.MapGet("/funnel", FunnelAsync);
        analysis.MapGet("/segments", async (SegmentStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListAsync(ct)).Select(s => new { s.Id, s.Name, size = s.MemberCount, s.RefreshedAt })));
        analysis.MapAttributionApi();
        return api;
    }

    /// <summary>GET /api/analysis/sources?from=&amp;to=&amp;interval=day|week|month&amp;by=channel|source|campaign&amp;touch=first|last</summary>
    /// <summary>With ?format=csv|xlsx the same rows as a spreadsheet.</summary>
    private static async Task<IResult> SourcesAsync(
        string? from, string? to, string? interval, string? by, string? touch, string? format,
        SourceAnalysis analysis, SalesFeedbackStore feedback, TimeProvider time, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        var (start, end) = Range(from, to, time, errors);
        var grouping = Choice(interval, "interval", AnalysisInterval.Day, errors);
        var dimension = Choice(by, "by", AnalysisDimension.Channel, errors);
        if (touch is not (null or "first" or "last")) errors.Add(new("touch", "must be first or last"));
        if (format is not null && SpreadsheetDownload.CheckFormat(format) is { } badFormat) errors.Add(badFormat);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        var won = await feedback.WonAsync(cancellationToken);
        var byName = dimension.ToString().ToLowerInvariant();
        return await LeadsApi.ClickHouseCallAsync(async () =>
        {
            var rows = await analysis.BySourceAsync(start, end, grouping, dimension, touch == "last", won, cancellationToken);
            if (format is not null)
            {
                return SpreadsheetDownload.Create(
                    ["Period", byName, "Leads", "Known", "MQLs", "Hot", "Won"],
                    rows.Select(r => (IReadOnlyList<string?>)[r.Period, r.Key, Count(r.Leads), Count(r.Known), Count(r.Mqls), Count(r.Hot), Count(r.Won)]),
                    format, $"sources-by-{byName}-{start:yyyyMMdd}-{end:yyyyMMdd}", "Sources");
            }
            return TypedResults.Ok(new { from = start, to = end, interval = grouping.ToString().ToLowerInvariant(), by = byName, rows });
        }, cancellationToken);
    }

    /// <summary>With ?format=csv|xlsx the funnel as a spreadsheet: each stage, its leads, and the share of the stage before.</summary>
    private static async Task<IResult> FunnelAsync(
        string? from, string? to, string? format, SourceAnalysis analysis, SalesFeedbackStore feedback, TimeProvider time, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        var (start, end) = Range(from, to, time, errors);
        if (format is not null && SpreadsheetDownload.CheckFormat(format) is { } badFormat) errors.Add(badFormat);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        var won = (await feedback.WonAsync(cancellationToken)).Select(w => w.LeadId).ToList();
        return await LeadsApi.ClickHouseCallAsync(async () =>
        {
            var funnel = await analysis.FunnelAsync(start, end, won, cancellationToken);
            if (format is null) return TypedResults.Ok(funnel);
            (string Stage, string Key, long Leads)[] stages =
                [("Leads", "leads", funnel.Leads), ("Known", "known", funnel.Known), ("Engaged", "engaged", funnel.Engaged),
                 ("MQL", "mql", funnel.Mql), ("Hot", "hot", funnel.Hot), ("Won", "won", funnel.Won)];
            return SpreadsheetDownload.Create(["Stage", "Leads", "Share of the stage before"],
                stages.Select(s => (IReadOnlyList<string?>)[s.Stage, Count(s.Leads),
                    funnel.Conversion.GetValueOrDefault(s.Key) is { } share ? share.ToString("0.0000", CultureInfo.InvariantCulture) : ""]),
                format, $"funnel-{start:yyyyMMdd}-{end:yyyyMMdd}", "Funnel");
        }, cancellationToken);
    }

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>from/to as ISO times; the default is the last 30 days. At most two years at once.</summary>
    internal static (DateTimeOffset From, DateTimeOffset To) Range(string? from, string? to, TimeProvider time, List<FieldError> errors)
    {
        DateTimeOffset? Parse(string? text, string field)
        {
            if (text is null) return null;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t;
            errors.Add(new(field, "must be an ISO 8601 date or time, for example 2026-11-01"));
            return null;
        }
        var end = Parse(to, "to") ?? time.GetUtcNow();
        var start = Parse(from, "from") ?? end.AddDays(-30);
        if (start >= end) errors.Add(new("from", "must be before to"));
        else if (end - start > TimeSpan.FromDays(731)) errors.Add(new("from", "the range is at most two years"));
        return (start, end);
    }

    internal static T Choice<T>(string? text, string field, T fallback, List<FieldError> errors) where T : struct, Enum
    {
        if (text is null) return fallback;
        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _)) return value;
        errors.Add(new(field, $"must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}"));
        return fallback;
    }
}
