using System.ComponentModel.DataAnnotations;

namespace Nurture.Server.Dashboard;

/// <summary>Settings under "Nurture:Dashboard": the organisation's time zone and when the weekly digest goes out.</summary>
public sealed class DashboardOptions : IValidatableObject
{
    /// <summary>
    /// The organisation's IANA time zone (Asia/Tokyo): the dashboard's days and weeks begin at its midnight and the
    /// digest goes out at its hour. UTC when not set.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The day of the week the digest is sent on.</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    /// <summary>The hour (0–23, in <see cref="TimeZone"/>) the digest is sent at.</summary>
    [Range(0, 23)] public int DigestHour { get; set; } = 9;

    /// <summary>How often the digest sender looks whether this week's digest is due.</summary>
    public TimeSpan DigestPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The zone (checked at start-up, so never unknown here).</summary>
    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var known = false;
        try
        {
            // Only IANA names: ClickHouse groups days by the same name (Windows names would not be known there).
            known = TimeZone.Contains('/', StringComparison.Ordinal) || TimeZone == "UTC"
                ? TimeZoneInfo.FindSystemTimeZoneById(TimeZone) is not null
                : false;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
        }
        if (!known) yield return new($"Nurture:Dashboard:TimeZone ('{TimeZone}') must be an IANA time zone such as Asia/Tokyo or UTC", [nameof(TimeZone)]);
        if (!Enum.IsDefined(DigestDay)) yield return new("Nurture:Dashboard:DigestDay must be a day of the week such as Monday", [nameof(DigestDay)]);
        if (DigestPollInterval <= TimeSpan.Zero) yield return new("Nurture:Dashboard:DigestPollInterval must be positive", [nameof(DigestPollInterval)]);
    }
}
