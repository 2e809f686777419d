using Nurture.EventStore.Dashboard;

namespace Nurture.EventStore.Tests;

public sealed class DashboardPeriodsTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public void At_AfterMidnightInTokyo_IsTheNextDayThere_ThoughStillTheDayBeforeInUtc()
    {
        // Tuesday 2026-12-08 00:30 JST is Monday 15:30 UTC.
        var p = DashboardPeriods.At(new DateTimeOffset(2026, 12, 7, 15, 30, 0, TimeSpan.Zero), Tokyo);
        Assert.Equal(new DateOnly(2026, 12, 8), p.Today);
        Assert.Equal(new DateOnly(2026, 12, 7), p.WeekStart);
        Assert.Equal(new DateOnly(2026, 11, 30), p.LastWeekStart);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero), p.StartOf(p.Today));
        Assert.Equal(p.Yesterday, p.DayOf(p.StartOf(p.Today).AddSeconds(-1)));
    }

    [Fact]
    public void WeekStart_OnASunday_IsTheMondayBefore_AndTheFirstDayCoversBothWeeksAndTheSparkline()
    {
        var p = new DashboardPeriods(TimeZoneInfo.Utc, new DateOnly(2026, 12, 13));
        Assert.Equal(new DateOnly(2026, 12, 7), p.WeekStart);
        Assert.Equal(new DateOnly(2026, 11, 30), p.FirstDay);
        Assert.Equal(new DateOnly(2026, 11, 30), p.SparklineStart);
        var monday = new DashboardPeriods(TimeZoneInfo.Utc, new DateOnly(2026, 12, 7));
        Assert.Equal(monday.Today, monday.WeekStart);
        Assert.Equal(new DateOnly(2026, 11, 24), monday.FirstDay); // 14 sparkline days reach further back than last Monday
    }

    [Fact]
    public void Figures_SumTheirDays_ThisWeekAgainstLastWeek()
    {
        var p = new DashboardPeriods(TimeZoneInfo.Utc, new DateOnly(2026, 12, 9)); // a Wednesday
        var counts = new DailyCounts();
        counts.Add(new DateOnly(2026, 12, 9), 2);
        counts.Add(new DateOnly(2026, 12, 8), 3);
        counts.Add(new DateOnly(2026, 12, 7), 1);
        counts.Add(new DateOnly(2026, 12, 6), 5); // last Sunday
        counts.Add(new DateOnly(2026, 11, 30), 4); // last Monday
        counts.Add(new DateOnly(2026, 11, 29), 100); // the week before: in no figure but the sparkline
        var f = counts.Figures(p);
        Assert.Equal((2L, 3L, 6L, 9L), (f.Today, f.Yesterday, f.ThisWeek, f.LastWeek));
        Assert.Equal(14, f.Days.Count);
        Assert.Equal([100L, 4L], f.Days.Skip(3).Take(2));
        Assert.Equal(2, f.Days[^1]);
    }

    [Fact]
    public void StartOf_AMidnightSkippedByAClockChange_IsTheFirstValidTimeAfter()
    {
        // Santiago skips from 00:00 to 01:00 on the first Sunday of September (2026-09-06).
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var p = new DashboardPeriods(santiago, new DateOnly(2026, 9, 6));
        var start = p.StartOf(p.Today);
        Assert.Equal(p.Today, p.DayOf(start));
        Assert.Equal(p.Yesterday, p.DayOf(start.AddSeconds(-1)));
    }
}
