namespace Nurture.Flows;

/// <summary>Times of day in the lead's own time zone (UTC when unknown or unrecognised).</summary>
public static class LocalTime
{
    public static TimeZoneInfo Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>The first moment after <paramref name="now"/> that is <paramref name="at"/> local time on an allowed day.</summary>
    public static DateTimeOffset Next(DateTimeOffset now, string? timeZone, TimeOnly at, IReadOnlySet<DayOfWeek>? weekdays)
    {
        var zone = Zone(timeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        for (var day = 0; day <= 7; day++)
        {
            var candidate = local.Date.AddDays(day).Add(at.ToTimeSpan());
            if (candidate <= local || (weekdays is not null && !weekdays.Contains(candidate.DayOfWeek))) continue;
            // A time skipped by a daylight-saving jump happens an hour later that day.
            if (zone.IsInvalidTime(candidate)) candidate = candidate.AddHours(1);
            return new DateTimeOffset(candidate, zone.GetUtcOffset(candidate));
        }
        return now.AddDays(7);
    }
}
