using System.Globalization;
using System.Text.Json.Serialization;

namespace Nurture.Handoff.Reps;

/// <summary>
/// One weekday's working hours in the rep's time zone: from <see cref="Start"/> to <see cref="End"/>, as
/// "HH:mm" ("24:00" is the end of the day). One span a day; a day that is not listed is a day off.
/// </summary>
/// <param name="Day">mon, tue, wed, thu, fri, sat or sun.</param>
public sealed record WorkingDay(string Day, string Start, string End)
{
    public static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    [JsonIgnore]
    public DayOfWeek DayOfWeek => (DayOfWeek)((Array.IndexOf(Days, Day) + 1) % 7);

    [JsonIgnore]
    public TimeSpan From => ParseTime(Start) ?? TimeSpan.Zero;

    [JsonIgnore]
    public TimeSpan To => ParseTime(End) ?? TimeSpan.Zero;

    public bool Contains(DayOfWeek day, TimeSpan timeOfDay) => day == DayOfWeek && timeOfDay >= From && timeOfDay < To;

    /// <summary>"09:00" to 09:00; "24:00" to a whole day; null for anything else (single-digit hours, seconds, 24:30).</summary>
    public static TimeSpan? ParseTime(string? text)
    {
        if (text is not { Length: 5 } || text[2] != ':') return null;
        if (!int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)) return null;
        if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return null;
        return new TimeSpan(hours, minutes, 0);
    }
}
