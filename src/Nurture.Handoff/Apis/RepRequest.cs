using System.Globalization;
using System.Text.RegularExpressions;
using Nurture.Abstractions;
using Nurture.Abstractions.Leads;
using Nurture.Handoff.Reps;
using Nurture.Handoff.Webhooks;
using Nurture.Http;
using Nurture.Outbound;

namespace Nurture.Handoff.Apis;

/// <summary>The body of <c>POST /api/reps</c> and <c>PUT /api/reps/{id}</c>: a rep in full (a PUT replaces every field).</summary>
/// <param name="TimeZone">An IANA time zone (Asia/Tokyo); required with working hours.</param>
/// <param name="AwayFrom">The first day out of office, yyyy-MM-dd in the rep's time zone; with <paramref name="AwayUntil"/>, the last.</param>
public sealed partial record RepRequest(
    string? Id, string? Name, string? Email, bool? Active, int? Capacity,
    string[]? Countries, string[]? Industries, string? WebhookUrl, string? SlackWebhookUrl,
    string[]? Regions = null, string[]? CompanySizes = null, string[]? Channels = null,
    string? TimeZone = null, WorkingDayRequest[]? WorkingHours = null, string? AwayFrom = null, string? AwayUntil = null)
{
    /// <summary>The rep the body describes, or every problem; <paramref name="idKey"/> is where the id came from (the body's $.id or the route's id).</summary>
    public static async Task<(List<FieldError> Errors, Rep? Rep)> ValidateAsync(
        string id, string idKey, RepRequest? body, OutboundUrlCheck outbound, CancellationToken cancellationToken)
    {
        if (body is null) return ([new("$", "must be a JSON object with name, email and capacity")], null);
        List<FieldError> errors = [];
        if (!RepId().IsMatch(id)) errors.Add(new(idKey, "must be 1 to 64 letters, digits, '-' or '_'"));
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200) errors.Add(new("$.name", "is required (at most 200 characters)"));
        else if (!IsPlainText(body.Name)) errors.Add(new("$.name", "must not contain control characters or invalid Unicode"));
        if (body.Email is not { Length: <= 254 } || EmailAddress.Normalise(body.Email) is null) errors.Add(new("$.email", "must be a valid email address"));
        if (body.Capacity is not (>= 0 and <= 100_000)) errors.Add(new("$.capacity", "is required: the most open hot leads the rep holds (0 to 100000)"));
        foreach (var (field, url) in new[] { ("$.webhookUrl", body.WebhookUrl), ("$.slackWebhookUrl", body.SlackWebhookUrl) })
        {
            if (string.IsNullOrEmpty(url)) continue;
            if (url.Length > 2000) errors.Add(new(field, "must be at most 2000 characters"));
            // The form first; then where it points, which may look the host name up.
            else if ((WebhookTarget.Problem(url) ?? await outbound.ProblemAsync(url, cancellationToken)) is { } problem) errors.Add(new(field, problem));
        }
        foreach (var size in Clean(body.CompanySizes).Where(s => !CompanySize.Bands.Contains(s)))
            errors.Add(new("$.companySizes", $"'{Short(size)}' is not one of {string.Join(", ", CompanySize.Bands)}"));
        foreach (var channel in Clean(body.Channels).Where(c => !Rep.AlertChannels.Contains(c)))
            errors.Add(new("$.channels", $"'{Short(channel)}' is not one of {string.Join(", ", Rep.AlertChannels)}"));
        // Asking for a channel the rep has no address for would send nothing on it, silently.
        if (Clean(body.Channels).Contains("slack") && string.IsNullOrEmpty(body.SlackWebhookUrl))
            errors.Add(new("$.slackWebhookUrl", "is required when alerts go to Slack (channels include slack)"));
        if (Clean(body.Channels).Contains("webhook") && string.IsNullOrEmpty(body.WebhookUrl))
            errors.Add(new("$.webhookUrl", "is required when alerts go to a webhook (channels include webhook)"));
        foreach (var (field, list) in new[] { ("$.countries", body.Countries), ("$.industries", body.Industries), ("$.regions", body.Regions) })
        {
            if (list is { Length: > 200 } || list?.Any(v => v is { Length: > 100 }) == true) errors.Add(new(field, "at most 200 values of at most 100 characters"));
            else if (list?.Any(v => v is not null && !IsPlainText(v)) == true) errors.Add(new(field, "must not contain control characters or invalid Unicode"));
        }
        var zone = ValidateZone(body, errors);
        var hours = ValidateHours(body.WorkingHours, errors);
        if (hours.Count > 0 && zone is null && string.IsNullOrEmpty(body.TimeZone)) errors.Add(new("$.timeZone", "is required with working hours: the zone they are in"));
        var (awayFrom, awayUntil) = ValidateAway(body, errors);
        if (errors.Count > 0) return (errors, null);
        var rep = new Rep(id, body.Name!.Trim(), body.Email!.Trim(), body.Active ?? true, body.Capacity!.Value,
            Clean(body.Countries), Clean(body.Industries), NullIfEmpty(body.WebhookUrl), NullIfEmpty(body.SlackWebhookUrl),
            Clean(body.Regions), Clean(body.CompanySizes), Clean(body.Channels), zone?.Id, hours, awayFrom, awayUntil);
        return (errors, rep);
    }

    private static TimeZoneInfo? ValidateZone(RepRequest body, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(body.TimeZone)) return null;
        if (RepSchedule.FindZone(body.TimeZone) is { } zone) return zone;
        errors.Add(new("$.timeZone", "must be an IANA time zone such as Asia/Tokyo"));
        return null;
    }

    /// <summary>One span per weekday, each "HH:mm" to a later "HH:mm" ("24:00": midnight), in week order.</summary>
    private static List<WorkingDay> ValidateHours(WorkingDayRequest?[]? hours, List<FieldError> errors)
    {
        var days = new List<WorkingDay>();
        if (hours is null) return days;
        if (hours.Length > WorkingDay.Days.Length)
        {
            errors.Add(new("$.workingHours", "has more than 7 days: one span for each weekday at most"));
            return days;
        }
        for (var i = 0; i < hours.Length; i++)
        {
            var path = $"$.workingHours[{i}]";
            if (hours[i] is not { } span)
            {
                errors.Add(new(path, "must be an object with day, start and end"));
                continue;
            }
            var day = span.Day?.Trim().ToLowerInvariant();
            var ok = true;
            if (day is null || !WorkingDay.Days.Contains(day))
            {
                errors.Add(new(path + ".day", $"must be one of {string.Join(", ", WorkingDay.Days)}"));
                ok = false;
            }
            else if (days.Any(d => d.Day == day))
            {
                errors.Add(new(path + ".day", "is listed twice: one span for each weekday"));
                ok = false;
            }
            var start = WorkingDay.ParseTime(span.Start?.Trim());
            var end = WorkingDay.ParseTime(span.End?.Trim());
            if (start is null || start.Value.TotalHours >= 24) errors.Add(new(path + ".start", "must be a time such as 09:00 (00:00 to 23:59)"));
            if (end is null) errors.Add(new(path + ".end", "must be a time such as 18:00 (00:00 to 24:00)"));
            else if (start is not null && end <= start) errors.Add(new(path + ".end", "must be after the start"));
            if (ok && start is not null && end > start) days.Add(new(day!, span.Start!.Trim(), span.End!.Trim()));
        }
        return days.OrderBy(d => Array.IndexOf(WorkingDay.Days, d.Day)).ToList();
    }

    private static (DateOnly? From, DateOnly? Until) ValidateAway(RepRequest body, List<FieldError> errors)
    {
        var from = Date(body.AwayFrom, "$.awayFrom", errors);
        var until = Date(body.AwayUntil, "$.awayUntil", errors);
        if (from is not null && until is null && string.IsNullOrEmpty(body.AwayUntil)) errors.Add(new("$.awayUntil", "is required with awayFrom: the last day away"));
        if (until is not null && from is null && string.IsNullOrEmpty(body.AwayFrom)) errors.Add(new("$.awayFrom", "is required with awayUntil: the first day away"));
        if (from is not null && until is not null && until < from) errors.Add(new("$.awayUntil", "must be on or after the first day away"));
        return (from, until);
    }

    private static DateOnly? Date(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(new(field, "must be a date such as 2026-08-10"));
        return null;
    }

    private static bool IsPlainText(string text) => !text.Any(char.IsControl) && !UnicodeText.HasLoneSurrogate(text);

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string[] Clean(string[]? values) =>
        (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex RepId();
}

/// <summary>One weekday's hours in a <see cref="RepRequest"/>: day (mon…sun), start and end ("09:00", "18:00").</summary>
public sealed record WorkingDayRequest(string? Day, string? Start, string? End);
