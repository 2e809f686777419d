using Nurture.EventStore;
using Nurture.Flows;

namespace Nurture.Server.Apis;

/// <summary>
/// One line of the email performance table as the console shows it: names beside ids, counts, rates (null when there
/// is nothing to divide by) and, for a variant of a choose_email step, the bandit's belief.
/// Bounce rate is of sends; the other rates are of delivered sends (sent less bounced).
/// </summary>
public sealed record EmailPerformanceLine(
    string Template, string? TemplateName, string Flow, string? FlowName, string Step, string Variant,
    long Sent, long Delivered, long HardBounced, long SoftBounced, long Opened, long Clicked, long Unsubscribed, long Complained, long Goals,
    long ProxyOpens, long ScannerClicks,
    double? BounceRate, double? OpenRate, double? ClickRate, double? UnsubscribeRate, double? ComplaintRate, double? GoalRate,
    VariantBelief? Belief)
{
    public static readonly EmailPerformanceLine Empty = From(new EmailPerformanceRow("", "", "", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), new Dictionary<string, string>(), null, null);

    public static EmailPerformanceLine From(EmailPerformanceRow r, IReadOnlyDictionary<string, string> templateNames, IFlowCatalog? flows, VariantBelief? belief)
    {
        static double? Rate(long part, long whole) => whole > 0 ? (double)part / whole : null;
        var delivered = r.Delivered;
        return new EmailPerformanceLine(
            r.Template, templateNames.GetValueOrDefault(r.Template), r.Flow, r.Flow == "" ? null : flows?.Get(r.Flow)?.Name, r.Step, r.Variant,
            r.Sent, delivered, r.HardBounced, r.SoftBounced, r.Opened, r.Clicked, r.Unsubscribed, r.Complained, r.Goals, r.ProxyOpens, r.ScannerClicks,
            Rate(r.Bounced, r.Sent), Rate(r.Opened, delivered), Rate(r.Clicked, delivered), Rate(r.Unsubscribed, delivered), Rate(r.Complained, delivered),
            Rate(r.Goals, delivered), belief);
    }

    /// <summary>All lines together: the report's totals (every send is in exactly one line).</summary>
    public static EmailPerformanceLine Total(IReadOnlyList<EmailPerformanceLine> lines) => From(
        new EmailPerformanceRow("", "", "", "", lines.Sum(l => l.Sent), lines.Sum(l => l.HardBounced), lines.Sum(l => l.SoftBounced), lines.Sum(l => l.Opened),
            lines.Sum(l => l.Clicked), lines.Sum(l => l.Unsubscribed), lines.Sum(l => l.Complained), lines.Sum(l => l.Goals),
            lines.Sum(l => l.ProxyOpens), lines.Sum(l => l.ScannerClicks)), new Dictionary<string, string>(), null, null);

    public static readonly IReadOnlyList<string> Headers =
    [
        "Template", "Template name", "Flow", "Flow name", "Step", "Variant", "Sent", "Delivered", "Hard bounces", "Soft bounces", "Opened", "Clicked",
        "Unsubscribed", "Complaints", "Goal conversions", "Bounce rate", "Open rate", "Click rate", "Unsubscribe rate", "Complaint rate", "Goal rate",
        "Machine opens (not counted)", "Scanner clicks (not counted)", "Bandit expected click rate", "Bandit chance of being picked",
    ];

    public IReadOnlyList<string?> Cells()
    {
        static string Count(long n) => EmailPerformanceApi.Count(n);
        static string? Share(double? rate) => rate?.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            Template, TemplateName, Flow, FlowName, Step, Variant, Count(Sent), Count(Delivered), Count(HardBounced), Count(SoftBounced), Count(Opened),
            Count(Clicked), Count(Unsubscribed), Count(Complained), Count(Goals), Share(BounceRate), Share(OpenRate), Share(ClickRate), Share(UnsubscribeRate),
            Share(ComplaintRate), Share(GoalRate), Count(ProxyOpens), Count(ScannerClicks), Share(Belief?.ExpectedClickRate), Share(Belief?.ChancePicked),
        ];
    }
}
