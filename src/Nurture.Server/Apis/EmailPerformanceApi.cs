using System.Globalization;
using System.Text.RegularExpressions;
using Nurture.EventStore;
using Nurture.Email.Templates;
using Nurture.Flows;
using Nurture.Http;
using Nurture.Server.Flows;

namespace Nurture.Server.Apis;

/// <summary>
/// How emails perform, per template, flow step or variant: counts and rates over a period, a chart over time, the
/// clicks per link of one email; the tables also as CSV or XLSX (<c>format=csv|xlsx</c>, as every report). Machines' opens and clicks are counted apart.
/// </summary>
public static partial class EmailPerformanceApi
{
    private const int MaxLinks = 200;

    public static RouteGroupBuilder MapEmailPerformanceApi(this RouteGroupBuilder api)
    {
        var emails = api.MapGroup("/analysis/emails").WithTags("Analysis").AllowRoles(Roles.Admin, Roles.Marketer)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        emails.MapGet("/", ReportAsync);
        emails.MapGet("/series", SeriesAsync);
        emails.MapGet("/links", LinksAsync);
        return api;
    }

    /// <summary>GET /api/analysis/emails?from=&amp;to=&amp;by=template|step|variant[&amp;format=csv|xlsx]: the table, or the same rows as a spreadsheet.</summary>
    private static async Task<IResult> ReportAsync(
        string? from, string? to, string? by, string? format, EmailPerformance report, EmailTemplateStore templates, IFlowCatalog flows, BanditBeliefs bandits,
        TimeProvider time, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        var (start, end) = AnalysisApi.Range(from, to, time, errors);
        var grouping = AnalysisApi.Choice(by, "by", EmailGrouping.Template, errors);
        if (SpreadsheetDownload.CheckFormat(format) is { } bad) errors.Add(bad);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        var names = await TemplateNamesAsync(templates, cancellationToken);
        return await LeadsApi.ClickHouseCallAsync(async () =>
        {
            var lines = await LinesAsync(new EmailSendFilter(start, end), grouping, report, names, flows, bandits, cancellationToken);
            if (format is not null)
            {
                return SpreadsheetDownload.Create(EmailPerformanceLine.Headers, lines.Select(l => l.Cells()), format,
                    $"email-performance-{start:yyyyMMdd}-{end:yyyyMMdd}", "Email performance");
            }
            var total = lines.Count == 0 ? EmailPerformanceLine.Empty : EmailPerformanceLine.Total(lines);
            return TypedResults.Ok(new { from = start, to = end, by = grouping.ToString().ToLowerInvariant(), total, rows = lines });
        }, cancellationToken);
    }

    /// <summary>GET /api/analysis/emails/series?from=&amp;to=&amp;interval=day|week|month and the same filter as /links.</summary>
    private static async Task<IResult> SeriesAsync(
        HttpRequest request, string? from, string? to, string? interval, EmailPerformance report, EmailTemplateStore templates, IFlowCatalog flows,
        TimeProvider time, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        var (start, end) = AnalysisApi.Range(from, to, time, errors);
        var grouping = AnalysisApi.Choice(interval, "interval", AnalysisInterval.Day, errors);
        var filter = await FilterAsync(request, start, end, templates, flows, errors, cancellationToken);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        return await LeadsApi.ClickHouseCallAsync(async () => TypedResults.Ok(new
        {
            from = start, to = end, interval = grouping.ToString().ToLowerInvariant(),
            points = await report.SeriesAsync(filter, grouping, cancellationToken),
        }), cancellationToken);
    }

    /// <summary>
    /// GET /api/analysis/emails/links?from=&amp;to=&amp;template=&amp;flow=&amp;step=&amp;variant=[&amp;format=csv|xlsx]: clicks per link
    /// of those sends, or the same rows as a spreadsheet.
    /// </summary>
    private static async Task<IResult> LinksAsync(
        HttpRequest request, string? from, string? to, string? format, EmailPerformance report, EmailTemplateStore templates, IFlowCatalog flows,
        TimeProvider time, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        var (start, end) = AnalysisApi.Range(from, to, time, errors);
        var filter = await FilterAsync(request, start, end, templates, flows, errors, cancellationToken);
        if (SpreadsheetDownload.CheckFormat(format) is { } bad) errors.Add(bad);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        return await LeadsApi.ClickHouseCallAsync(async () =>
        {
            var links = await report.LinksAsync(filter, MaxLinks, cancellationToken);
            if (format is null) return TypedResults.Ok(new { from = start, to = end, links });
            return SpreadsheetDownload.Create(["Link", "People who clicked", "Clicks", "Scanner clicks (not counted)"],
                links.Select(l => (IReadOnlyList<string?>)[l.Url, Count(l.People), Count(l.Clicks), Count(l.ScannerClicks)]), format,
                $"email-links-{start:yyyyMMdd}-{end:yyyyMMdd}", "Links");
        }, cancellationToken);
    }

    /// <summary>
    /// The optional template, flow, step and variant of /series and /links. Each must name something that exists
    /// (a step only with its flow), or the answer is 400 at that field.
    /// </summary>
    private static async Task<EmailSendFilter> FilterAsync(
        HttpRequest request, DateTimeOffset from, DateTimeOffset to, EmailTemplateStore templates, IFlowCatalog flows, List<FieldError> errors,
        CancellationToken cancellationToken)
    {
        string? Read(string field)
        {
            var values = request.Query[field];
            if (values.Count == 0) return null;
            if (values.Count > 1) errors.Add(new(field, "must be given once"));
            var value = values[0];
            if (string.IsNullOrEmpty(value) || !Id().IsMatch(value)) errors.Add(new(field, "must be an id: 1 to 100 letters, digits, '-' or '_'"));
            return value;
        }
        var (template, flow, step, variant) = (Read("template"), Read("flow"), Read("step"), Read("variant"));
        if (errors.Count > 0) return new EmailSendFilter(from, to);
        var known = (await templates.ListAsync(cancellationToken)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        if (template is not null && !known.Contains(template)) errors.Add(new("template", "is not a template"));
        if (variant is not null && !known.Contains(variant)) errors.Add(new("variant", "is not a template"));
        var definition = flow is null ? null : flows.Get(flow);
        if (flow is not null && definition is null) errors.Add(new("flow", "is not a flow"));
        if (step is not null && flow is null) errors.Add(new("step", "needs its flow"));
        else if (step is not null && definition is not null && !definition.Steps.ContainsKey(step)) errors.Add(new("step", "is not a step of this flow"));
        return new EmailSendFilter(from, to, template, flow, step, variant);
    }

    private static async Task<List<EmailPerformanceLine>> LinesAsync(
        EmailSendFilter filter, EmailGrouping grouping, EmailPerformance report, IReadOnlyDictionary<string, string> names, IFlowCatalog flows,
        BanditBeliefs bandits, CancellationToken cancellationToken)
    {
        var rows = await report.RowsAsync(filter, cancellationToken);
        var grouped = grouping switch
        {
            EmailGrouping.Template => rows.GroupBy(r => (r.Template, Flow: "", Step: "", Variant: "")),
            EmailGrouping.Step => rows.Where(r => r.Flow != "").GroupBy(r => (Template: "", r.Flow, r.Step, Variant: "")),
            _ => rows.Where(r => r.Flow != "").GroupBy(r => (Template: r.Variant, r.Flow, r.Step, r.Variant)),
        };
        var sums = grouped.Select(g => g.Aggregate((a, b) => a.Plus(b)) with { Template = g.Key.Template, Flow = g.Key.Flow, Step = g.Key.Step, Variant = g.Key.Variant })
            .OrderByDescending(r => r.Sent).ThenBy(r => r.Flow, StringComparer.Ordinal).ThenBy(r => r.Step, StringComparer.Ordinal)
            .ThenBy(r => r.Template, StringComparer.Ordinal).ToList();
        var beliefs = grouping == EmailGrouping.Variant ? await bandits.OfAsync(sums.Select(r => (r.Flow, r.Step))) : [];
        return sums.Select(r => EmailPerformanceLine.From(r, names, flows,
            beliefs.GetValueOrDefault((r.Flow, r.Step))?.FirstOrDefault(b => b.Template == r.Variant))).ToList();
    }

    private static async Task<IReadOnlyDictionary<string, string>> TemplateNamesAsync(EmailTemplateStore templates, CancellationToken cancellationToken) =>
        (await templates.ListAsync(cancellationToken)).ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);

    internal static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex Id();
}

/// <summary>What the email performance table is grouped by.</summary>
public enum EmailGrouping { Template, Step, Variant }
