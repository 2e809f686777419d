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
    public int DigestHour { get; set; } = 9;

    /// <summary>How often the digest sender looks whether this week's digest is due.</summary>
    public TimeSpan DigestPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The zone (checked at start-up, so never unknown here).</summary>
    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Only IANA names this system knows: ClickHouse groups days by the same name (a Windows name would be unknown there).</summary>
    private static bool IsIanaZone(string? name)
    {
        if (string.IsNullOrEmpty(name) || (name != "UTC" && !name.Contains('/', StringComparison.Ordinal))) return false;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name) is not null;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsIanaZone(TimeZone)) yield return new($"Nurture:Dashboard:TimeZone ('{TimeZone}') must be an IANA time zone such as Asia/Tokyo or UTC", [nameof(TimeZone)]);
        if (!Enum.IsDefined(DigestDay)) yield return new("Nurture:Dashboard:DigestDay must be a day of the week such as Monday", [nameof(DigestDay)]);
        if (DigestHour is < 0 or > 23) yield return new("Nurture:Dashboard:DigestHour must be an hour from 0 to 23", [nameof(DigestHour)]);
        if (DigestPollInterval <= TimeSpan.Zero) yield return new("Nurture:Dashboard:DigestPollInterval must be positive", [nameof(DigestPollInterval)]);
    }
}
