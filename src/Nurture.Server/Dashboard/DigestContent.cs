using System.Globalization;
using System.Net;
using System.Text;
using Nurture.EventStore.Dashboard;

namespace Nurture.Server.Dashboard;

/// <summary>
/// The weekly digest's words: the week's numbers against the week before, the top pages and campaigns, and links
/// into the console (each number to the list behind it). Page paths and campaign names come from visitors' URLs,
/// so the HTML part encodes every value and the subject holds only numbers and dates.
/// </summary>
public static class DigestContent
{
    /// <summary>The rows of the digest: metric, label, and the console page behind it (its hash route).</summary>
    public static readonly (string Metric, string Label, string Route)[] Rows =
    [
        ("leads", "New leads", "leads?sort=created"),
        ("mqls", "MQLs", "leads?stage=mql"),
        ("hot", "Hot leads", "leads?stage=hot"),
        ("won", "Won", "inbox"),
        ("sent", "Emails sent", "templates"),
        ("opened", "Opened (people)", "templates"),
        ("clicked", "Clicked (people)", "templates"),
        ("slaBreaches", "SLA breaches", "inbox"),
    ];

    public static string Subject(DashboardReport report) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Your week in Nurture ({report.WeekStart:yyyy-MM-dd} – {report.Today:yyyy-MM-dd}): {Count(report, "leads")} new leads, {Count(report, "mqls")} MQLs, {Count(report, "won")} won");

    public static string Text(DashboardReport report, string displayName, string publicUrl)
    {
        var console = ConsoleUrl(publicUrl);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Hello {displayName},\n\nThe week {report.WeekStart:yyyy-MM-dd} – {report.Today:yyyy-MM-dd} ({report.TimeZone}) against the week before:\n\n");
        foreach (var (metric, label, route) in Rows)
        {
            var f = report.Metrics[metric];
            text.Append(CultureInfo.InvariantCulture, $"{label}: {f.ThisWeek} (week before: {f.LastWeek}, {Change(f)})  {console}{route}\n");
        }
        if (report.Sla.OpenBreaches is { } open) text.Append(CultureInfo.InvariantCulture, $"Leads waiting on a rep past the SLA now: {open}  {console}inbox\n");
        Ranked(text, "Top pages (page views)", report.TopPages, null);
        Ranked(text, "Top campaigns (new leads)", report.TopCampaigns, key => $"{console}leads?campaign={Uri.EscapeDataString(key)}");
        text.Append(CultureInfo.InvariantCulture, $"\nThe dashboard: {console}dashboard\nYou get this email because you asked for it; turn it off on your account page: {console}account\n");
        return text.ToString();
    }

    public static string Html(DashboardReport report, string displayName, string publicUrl)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var console = ConsoleUrl(publicUrl);
        var html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif;color:#1f2933\">");
        html.Append(CultureInfo.InvariantCulture, $"<p>Hello {E(displayName)},</p><p>The week {report.WeekStart:yyyy-MM-dd} – {report.Today:yyyy-MM-dd} ({E(report.TimeZone)}) against the week before:</p>");
        html.Append("<table cellpadding=\"6\" style=\"border-collapse:collapse\"><tr><th align=\"left\"></th><th align=\"right\">This week</th><th align=\"right\">Week before</th><th align=\"right\">Change</th></tr>");
        foreach (var (metric, label, route) in Rows)
        {
            var f = report.Metrics[metric];
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><th align=\"left\"><a href=\"{E(console + route)}\">{E(label)}</a></th><td align=\"right\">{f.ThisWeek}</td><td align=\"right\">{f.LastWeek}</td><td align=\"right\">{E(Change(f))}</td></tr>");
        }
        html.Append("</table>");
        if (report.Sla.OpenBreaches is { } open)
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(console)}inbox\">Leads waiting on a rep past the SLA now: {open}</a></p>");
        RankedHtml(html, "Top pages (page views)", report.TopPages, null);
        RankedHtml(html, "Top campaigns (new leads)", report.TopCampaigns, key => $"{console}leads?campaign={Uri.EscapeDataString(key)}");
        html.Append(CultureInfo.InvariantCulture,
            $"<p><a href=\"{E(console)}dashboard\">Open the dashboard</a></p><p style=\"color:#52606d;font-size:12px\">You get this email because you asked for it; <a href=\"{E(console)}account\">turn it off on your account page</a>.</p></body></html>");
        return html.ToString();

        static void RankedHtml(StringBuilder html, string title, IReadOnlyList<RankedItem> items, Func<string, string>? link)
        {
            if (items.Count == 0) return;
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(title)}</h3><ol>");
            foreach (var item in items)
            {
                var name = link is null ? E(item.Key) : $"<a href=\"{E(link(item.Key))}\">{E(item.Key)}</a>";
                html.Append(CultureInfo.InvariantCulture, $"<li>{name}: {item.ThisWeek} (week before: {item.LastWeek})</li>");
            }
            html.Append("</ol>");
        }
    }

    /// <summary>"+3", "−2" or "no change", with the percentage when the week before had any.</summary>
    public static string Change(MetricFigures f)
    {
        var delta = f.ThisWeek - f.LastWeek;
        if (delta == 0) return "no change";
        var sign = delta > 0 ? "+" : "−";
        var percent = f.LastWeek > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({sign}{Math.Abs(delta) * 100.0 / f.LastWeek:0}%)") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{Math.Abs(delta)}{percent}");
    }

    public static string ConsoleUrl(string publicUrl) => $"{publicUrl.TrimEnd('/')}/console/#/";

    private static long Count(DashboardReport report, string metric) => report.Metrics[metric].ThisWeek;

    private static void Ranked(StringBuilder text, string title, IReadOnlyList<RankedItem> items, Func<string, string>? link)
    {
        if (items.Count == 0) return;
        text.Append(CultureInfo.InvariantCulture, $"\n{title}:\n");
        foreach (var item in items)
        {
            // Control characters in a path or campaign name would break the line (or forge one).
            var key = new string(item.Key.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
            text.Append(CultureInfo.InvariantCulture, $"- {key}: {item.ThisWeek} (week before: {item.LastWeek}){(link is null ? "" : "  " + link(item.Key))}\n");
        }
    }
}
