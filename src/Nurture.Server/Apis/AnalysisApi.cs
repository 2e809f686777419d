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
        return api;
    }

    /// <summary>GET /api/analysis/sources?from=&amp;to=&amp;interval=day|week|month&amp;by=channel|source|campaign&amp;touch=first|last</summary>
    private static async Task<IResult> SourcesAsync(
        string? from, string? to, string? interval, string? by, string? touch,
        SourceAnalysis analysis, SalesFeedbackStore feedback, TimeProvider time, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        var (start, end) = Range(from, to, time, errors);
        var grouping = Choice(interval, "interval", AnalysisInterval.Day, errors);
        var dimension = Choice(by, "by", AnalysisDimension.Channel, errors);
        if (touch is not (null or "first" or "last")) errors.Add(new("touch", "must be first or last"));
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        var won = await feedback.WonAsync(cancellationToken);
        return await LeadsApi.ClickHouseCallAsync(async () => TypedResults.Ok(new
        {
            from = start, to = end, interval = grouping.ToString().ToLowerInvariant(), by = dimension.ToString().ToLowerInvariant(),
            rows = await analysis.BySourceAsync(start, end, grouping, dimension, touch == "last", won, cancellationToken),
        }), cancellationToken);
    }

    private static async Task<IResult> FunnelAsync(
        string? from, string? to, SourceAnalysis analysis, SalesFeedbackStore feedback, TimeProvider time, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        var (start, end) = Range(from, to, time, errors);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        var won = (await feedback.WonAsync(cancellationToken)).Select(w => w.LeadId).ToList();
        return await LeadsApi.ClickHouseCallAsync(async () =>
            TypedResults.Ok(await analysis.FunnelAsync(start, end, won, cancellationToken)), cancellationToken);
    }

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
