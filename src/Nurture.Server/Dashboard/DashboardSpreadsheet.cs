using System.Globalization;

namespace Nurture.Server.Dashboard;

/// <summary>
/// The dashboard as one sheet (GET /api/dashboard?format=csv|xlsx): a row per number with today, yesterday, this week
/// and last week, then the top pages and campaigns with this week and last. Page paths and campaign names come from
/// visitors' URLs; the formula-safe writer keeps them text.
/// </summary>
public static class DashboardSpreadsheet
{
    public static readonly string[] Headers = ["What", "Today", "Yesterday", "This week", "Last week"];

    private static readonly (string Metric, string Label)[] Extra =
        [("machineOpened", "Opened by machines (privacy proxies or prefetch)"), ("machineClicked", "Clicked by machines (link scanners)"), ("pageViews", "Page views (people)")];

    public static IEnumerable<IReadOnlyList<string?>> Rows(DashboardReport report)
    {
        static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
        foreach (var (metric, label) in DigestContent.Rows.Select(r => (r.Metric, r.Label)).Concat(Extra))
        {
            var f = report.Metrics[metric];
            yield return [label, N(f.Today), N(f.Yesterday), N(f.ThisWeek), N(f.LastWeek)];
        }
        if (report.Sla.OpenBreaches is { } open) yield return ["Waiting past the SLA now", N(open), "", "", ""];
        foreach (var page in report.TopPages) yield return [$"Top page: {page.Key}", "", "", N(page.ThisWeek), N(page.LastWeek)];
        foreach (var campaign in report.TopCampaigns) yield return [$"Top campaign: {campaign.Key}", "", "", N(campaign.ThisWeek), N(campaign.LastWeek)];
    }
}
