namespace Nurture.Email.Sending;

/// <summary>Quiet hours in the lead's own time zone: when they start and end, and the next moment to send.</summary>
public static class QuietHours
{
    /// <summary>Null when <paramref name="now"/> is outside quiet hours; otherwise when they end.</summary>
    public static DateTimeOffset? EndOf(DateTimeOffset now, string? timeZone, int startHour, int endHour)
    {
        if (startHour == endHour) return null;
        var zone = Find(timeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var hour = local.Hour;
        var quiet = startHour < endHour ? hour >= startHour && hour < endHour : hour >= startHour || hour < endHour;
        if (!quiet) return null;
        var endDate = hour >= endHour ? local.Date.AddDays(1) : local.Date;
        var endLocal = endDate.AddHours(endHour);
        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
    }

    private static TimeZoneInfo Find(string? id)
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
}
