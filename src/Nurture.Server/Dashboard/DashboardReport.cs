using Nurture.EventStore.Dashboard;

namespace Nurture.Server.Dashboard;

/// <summary>
/// GET /api/dashboard: the figures of each metric (today, yesterday, this week, last week and 14 days for the
/// sparkline), the top pages and campaigns this week against last week, and the hand-off SLA.
/// </summary>
/// <param name="TimeZone">The zone whose calendar days these are.</param>
/// <param name="Days">The sparkline's days, oldest first (yyyy-MM-dd), one per value of each metric's Days.</param>
/// <param name="Metrics">By name: leads, mqls, hot, won, sent, opened, clicked, machineOpened, machineClicked, pageViews, slaBreaches.</param>
public sealed record DashboardReport(
    DateTimeOffset GeneratedAt, string TimeZone, DateOnly Today, DateOnly WeekStart, DateOnly LastWeekStart, DashboardInstants Starts,
    IReadOnlyList<DateOnly> Days, IReadOnlyDictionary<string, MetricFigures> Metrics,
    IReadOnlyList<RankedItem> TopPages, IReadOnlyList<RankedItem> TopCampaigns, SlaFigures Sla);

/// <summary>When today, this week and last week began, and when today ends, as instants (for links to lists filtered by time).</summary>
public sealed record DashboardInstants(DateTimeOffset Today, DateTimeOffset Week, DateTimeOffset LastWeek, DateTimeOffset End);

/// <summary>Hand-off SLA breaches: leads waiting on a rep past the SLA now (null: no SLA is set).</summary>
public sealed record SlaFigures(long? OpenBreaches, TimeSpan? AcceptWithin);
