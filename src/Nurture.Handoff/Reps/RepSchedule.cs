using System.Globalization;
using System.Text.RegularExpressions;

namespace Nurture.Handoff.Reps;

/// <summary>
/// When a rep is at work and when they are away, in their own time zone: out of office from the start of
/// <see cref="Rep.AwayFrom"/> to the end of <see cref="Rep.AwayUntil"/> there; at work within one of their
/// <see cref="Rep.WorkingHours"/> (always, when they have none).
/// </summary>
public static partial class RepSchedule
{
    /// <summary>The rep's time zone; UTC when unset or no longer known to this system.</summary>
    public static TimeZoneInfo Zone(Rep rep) => FindZone(rep.TimeZone) ?? TimeZoneInfo.Utc;

    /// <summary>
    /// An IANA time zone (Asia/Tokyo, UTC) this system knows, or null. The name is checked for its form
    /// before the system looks it up, so a hostile name never reaches the lookup; Windows names are refused
    /// so every stored zone reads the same in the console's list.
    /// </summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        if (id is not { Length: <= 64 } || !ZoneName().IsMatch(id) || id.Contains("..", StringComparison.Ordinal)) return null;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId ? zone : null;
    }

    public static DateTime LocalNow(Rep rep, DateTimeOffset now) => TimeZoneInfo.ConvertTime(now, Zone(rep)).DateTime;

    /// <summary>Out of office on this day of the rep's own calendar.</summary>
    public static bool IsAway(Rep rep, DateTimeOffset now)
    {
        if (rep.AwayFrom is not { } from || rep.AwayUntil is not { } until) return false;
        var today = DateOnly.FromDateTime(LocalNow(rep, now));
        return today >= from && today <= until;
    }

    public static bool HasHours(Rep rep) => rep.WorkingHours is { Count: > 0 };

    /// <summary>Within one of the rep's working hours now; always true for a rep who has none.</summary>
    public static bool IsAtWork(Rep rep, DateTimeOffset now)
    {
        if (!HasHours(rep)) return true;
        var local = LocalNow(rep, now);
        return rep.WorkingHours!.Any(d => d.Contains(local.DayOfWeek, local.TimeOfDay));
    }

    /// <summary>When the rep's next working hours begin, in their local time ("Mon 09:00"); null when they have none.</summary>
    public static string? NextStart(Rep rep, DateTimeOffset now)
    {
        if (!HasHours(rep)) return null;
        var local = LocalNow(rep, now);
        for (var offset = 0; offset <= 7; offset++)
        {
            var date = local.Date.AddDays(offset);
            foreach (var day in rep.WorkingHours!.Where(d => d.DayOfWeek == date.DayOfWeek && d.To > d.From).OrderBy(d => d.From))
            {
                if (date + day.From > local) return string.Create(CultureInfo.InvariantCulture, $"{date:ddd} {day.Start}");
            }
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$")]
    private static partial Regex ZoneName();
}
