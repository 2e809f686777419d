namespace Nurture.EventStore.Dashboard;

/// <summary>
/// The days and weeks the dashboard compares, as calendar days in one time zone (the organisation's, so a
/// Japanese team's "today" starts at midnight JST): today against yesterday, this week (from Monday) against
/// last week, and the fourteen days the sparklines draw. Previous periods are whole (all of yesterday, all of
/// last week); the current ones run to their end, so "today" is today so far.
/// </summary>
public sealed record DashboardPeriods(TimeZoneInfo Zone, DateOnly Today)
{
    /// <summary>Days a sparkline draws, ending today.</summary>
    public const int SparklineDays = 14;

    public static DashboardPeriods At(DateTimeOffset now, TimeZoneInfo zone) =>
        new(zone, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime));

    public DateOnly Yesterday => Today.AddDays(-1);

    /// <summary>The Monday of this week (ISO weeks, as Japanese and European calendars count them).</summary>
    public DateOnly WeekStart => Today.AddDays(-(((int)Today.DayOfWeek + 6) % 7));

    public DateOnly LastWeekStart => WeekStart.AddDays(-7);

    /// <summary>The first day any number needs: last week's Monday or the sparkline's first day, whichever is earlier.</summary>
    public DateOnly FirstDay => LastWeekStart < SparklineStart ? LastWeekStart : SparklineStart;

    public DateOnly SparklineStart => Today.AddDays(1 - SparklineDays);

    /// <summary>The day after today: every range ends at its midnight.</summary>
    public DateOnly EndDay => Today.AddDays(1);

    /// <summary>The instant a local day begins. A midnight skipped by a clock change starts an hour later.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone), TimeSpan.Zero);
    }

    /// <summary>The local day an instant falls on.</summary>
    public DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>The zone as ClickHouse knows it (an IANA name; .NET on Linux uses the same names).</summary>
    public string ClickHouseZone => Zone.Id;
}
