namespace Nurture.Server.Dashboard;

/// <summary>
/// When the weekly digest is due: the latest occurrence of the digest day and hour (in the organisation's zone) at or
/// before now. A digest missed then (no node was running) still goes out within <see cref="CatchUp"/>, not later: a
/// digest on Thursday about last week would be news to nobody.
/// </summary>
public static class DigestSchedule
{
    public static readonly TimeSpan CatchUp = TimeSpan.FromDays(1);

    /// <summary>The week's send time due now, with the local day it falls on (the week's key), or null when none is due.</summary>
    public static (DateTimeOffset At, DateOnly Day)? Due(DateTimeOffset now, TimeZoneInfo zone, DayOfWeek day, int hour)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var date = DateOnly.FromDateTime(local).AddDays(-(((int)local.DayOfWeek - (int)day + 7) % 7));
        var at = At(date, hour, zone);
        if (at > now)
        {
            date = date.AddDays(-7);
            at = At(date, hour, zone);
        }
        return now - at < CatchUp ? (at, date) : null;
    }

    private static DateTimeOffset At(DateOnly date, int hour, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(new TimeOnly(hour, 0));
        // An hour skipped by a clock change: the first valid time after it.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
