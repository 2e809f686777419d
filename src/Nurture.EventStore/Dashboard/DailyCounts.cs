namespace Nurture.EventStore.Dashboard;

/// <summary>
/// One number per local day (leads, MQLs, sends, …): the today/yesterday and week/last-week figures and the
/// sparkline all come from it. Each thing is counted once, on the day it first happened in the range, so a
/// week's figure is the sum of its days and an event stored twice counts once.
/// </summary>
public sealed class DailyCounts
{
    private readonly Dictionary<DateOnly, long> days = [];

    public void Add(DateOnly day, long count) => days[day] = days.GetValueOrDefault(day) + count;

    public long On(DateOnly day) => days.GetValueOrDefault(day);

    /// <summary>The total over [from, to).</summary>
    public long Between(DateOnly from, DateOnly to) => days.Where(d => d.Key >= from && d.Key < to).Sum(d => d.Value);

    /// <summary>Today, yesterday, this week, last week and the sparkline's days, for one metric.</summary>
    public MetricFigures Figures(DashboardPeriods periods) => new(
        On(periods.Today), On(periods.Yesterday),
        Between(periods.WeekStart, periods.EndDay), Between(periods.LastWeekStart, periods.WeekStart),
        Enumerable.Range(0, DashboardPeriods.SparklineDays).Select(i => On(periods.SparklineStart.AddDays(i))).ToList());
}

/// <summary>A metric's figures: today against yesterday, this week against last week, and one value per day for the sparkline.</summary>
public sealed record MetricFigures(long Today, long Yesterday, long ThisWeek, long LastWeek, IReadOnlyList<long> Days);
