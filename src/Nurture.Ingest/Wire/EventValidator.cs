using System.Globalization;
using System.Text.Json;
using Nurture.Abstractions;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;

namespace Nurture.Ingest.Wire;

/// <summary>
/// Turns one JSON event object into an <see cref="IncomingEvent"/> or a <see cref="Rejection"/> naming
/// the field and the reason. The pixel's query string is mapped to the same JSON shape first, so both
/// entry points share these rules.
/// </summary>
public static class EventValidator
{
    private static readonly DateTimeOffset EarliestTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LatestTime = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static (IncomingEvent? Event, Rejection? Rejection) Validate(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object) return (null, new Rejection(index, "", "must be a JSON object"));
        try
        {
            RefuseRepeatedFields(element);
            var siteKey = RequiredString(element, "siteKey", WireLimits.MaxSiteKey);
            var visitorId = RequiredString(element, "visitorId", WireLimits.MaxVisitorId);
            var eventId = OptionalString(element, "eventId", WireLimits.MaxEventId);
            var type = RequiredString(element, "type", 32);
            if (!EventTypes.All.Contains(type))
                throw new FieldException("type", $"must be one of {string.Join(", ", EventTypes.All)}");
            var name = OptionalString(element, "name", WireLimits.MaxName);
            if (type == EventTypes.Custom && name is null) throw new FieldException("name", "is required for custom events");
            var url = OptionalString(element, "url", WireLimits.MaxUrl);
            if (url is not null && !IsHttpUrl(url)) throw new FieldException("url", "must be an absolute http or https URL");
            var referrer = OptionalString(element, "referrer", WireLimits.MaxUrl);
            var title = OptionalString(element, "title", WireLimits.MaxTitle);
            var clientTime = OptionalTime(element, "ts");
            var (propKeys, propValues) = OptionalMap(element, "props", WireLimits.MaxPropValue);
            string? email = null;
            IReadOnlyDictionary<string, string>? traits = null;
            List<Rejection>? refused = null;
            if (type == EventTypes.Identify)
            {
                var raw = RequiredString(element, "email", EmailAddress.MaxLength * 2);
                email = EmailAddress.Normalise(raw) ?? throw new FieldException("email", "is not a valid email address");
                traits = PublicTraits(element, index, ref refused);
            }
            return (new IncomingEvent
            {
                Index = index, SiteKey = siteKey, VisitorId = visitorId, EventId = eventId, Type = type, Name = name,
                Url = url, Referrer = referrer, Title = title, ClientTime = clientTime,
                PropKeys = propKeys, PropValues = propValues, Email = email, Traits = traits,
                Refused = (IReadOnlyList<Rejection>?)refused ?? [],
            }, null);
        }
        catch (FieldException ex)
        {
            return (null, new Rejection(index, ex.Field, ex.Reason));
        }
    }

    private static string RequiredString(JsonElement element, string field, int maxLength) =>
        OptionalString(element, field, maxLength) ?? throw new FieldException(field, "is required");

    private static string? OptionalString(JsonElement element, string field, int maxLength)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new FieldException(field, "must be a string");
        var text = ReadText(field, value);
        if (TextProblem(text, maxLength) is { } problem) throw new FieldException(field, problem);
        return text.Length == 0 ? null : text;
    }

    /// <summary>Why the text cannot be stored, or null.</summary>
    private static string? TextProblem(string text, int maxLength) =>
        text.Length > maxLength ? $"is longer than {maxLength} characters"
        // A lone surrogate cannot be stored as UTF-8 byte-exactly; refuse it rather than change it.
        : UnicodeText.HasLoneSurrogate(text) ? "contains invalid Unicode (a lone surrogate)"
        : null;

    /// <summary>
    /// Unescapes a JSON string; an escaped lone surrogate cannot become text and is refused by field (and
    /// key, within a map; the path is only built for the error).
    /// </summary>
    private static string ReadText(string field, JsonElement value, string? key = null)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new FieldException(key is null ? field : $"{field}.{key}", "contains invalid Unicode (a lone surrogate)");
        }
    }

    /// <summary>The same for a property name.</summary>
    private static string ReadName(string field, JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw new FieldException(field, "contains invalid Unicode (a lone surrogate)");
        }
    }

    private static DateTimeOffset? OptionalTime(JsonElement element, string field)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        DateTimeOffset time;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var ms) && double.IsFinite(ms))
        {
            if (ms < EarliestTime.ToUnixTimeMilliseconds() || ms > LatestTime.ToUnixTimeMilliseconds())
                throw new FieldException(field, "is not a time between 2000 and 2100 (milliseconds since 1970)");
            time = DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
        }
        else if (value.ValueKind == JsonValueKind.String &&
                 (long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var msText)
                     ? TryFromMillis(msText, out time)
                     : DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)))
        {
            if (time < EarliestTime || time > LatestTime) throw new FieldException(field, "is not a time between 2000 and 2100");
        }
        else
        {
            throw new FieldException(field, "must be milliseconds since 1970 or an ISO 8601 time");
        }
        return time.ToUniversalTime();
    }

    private static bool TryFromMillis(long ms, out DateTimeOffset time)
    {
        time = default;
        if (ms > LatestTime.ToUnixTimeMilliseconds()) return false;
        time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }

    /// <summary>A flat object of string, number or boolean values, as parallel key and value lists.</summary>
    private static (List<string> Keys, List<string> Values) OptionalMap(JsonElement element, string field, int maxValue)
    {
        List<string> keys = [], values = [];
        if (!element.TryGetProperty(field, out var map) || map.ValueKind == JsonValueKind.Null) return (keys, values);
        if (map.ValueKind != JsonValueKind.Object) throw new FieldException(field, "must be an object");
        foreach (var property in map.EnumerateObject())
        {
            var name = ReadName(field, property);
            if (keys.Count == WireLimits.MaxProps) throw new FieldException(field, $"has more than {WireLimits.MaxProps} entries");
            if (name.Length == 0) throw new FieldException(field, "has an empty key");
            if (TextProblem(name, WireLimits.MaxPropKey) is { } badName) throw new FieldException($"{field}.{name}", badName);
            if (keys.Contains(name)) throw new FieldException($"{field}.{name}", "appears twice");
            var value = property.Value;
            var text = value.ValueKind switch
            {
                JsonValueKind.String => ReadText(field, value, name),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw new FieldException($"{field}.{name}", "must be a string, number or boolean"),
            };
            if (TextProblem(text, maxValue) is { } badValue) throw new FieldException($"{field}.{name}", badValue);
            keys.Add(name);
            values.Add(text);
        }
        return (keys, values);
    }

    /// <summary>
    /// A field given twice would be read as one of its values, silently: refuse it by name. An event has a
    /// handful of fields, so comparing each with the ones before costs less than a set.
    /// </summary>
    private static void RefuseRepeatedFields(JsonElement element)
    {
        var names = new List<string>(12);
        foreach (var property in element.EnumerateObject())
        {
            var name = ReadName("", property);
            foreach (var earlier in names)
            {
                if (earlier == name) throw new FieldException(name.Length > 64 ? name[..64] + "…" : name, "appears twice in the event");
            }
            names.Add(name);
        }
    }

    /// <summary>
    /// The traits a visitor may set. Each name is made a trait name (<see cref="TraitNames.FromPublic"/>);
    /// a name that cannot be one, a reserved name (<see cref="ReservedTraits"/>), a repeat or a bad value
    /// is dropped and named in <paramref name="refused"/>, and the rest of the event is kept.
    /// </summary>
    private static Dictionary<string, string>? PublicTraits(JsonElement element, int index, ref List<Rejection>? refused)
    {
        if (!element.TryGetProperty("traits", out var map) || map.ValueKind == JsonValueKind.Null) return null;
        if (map.ValueKind != JsonValueKind.Object) throw new FieldException("traits", "must be an object");
        var traits = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = 0;
        foreach (var property in map.EnumerateObject())
        {
            if (++seen > WireLimits.MaxProps) throw new FieldException("traits", $"has more than {WireLimits.MaxProps} entries");
            var raw = ReadName("traits", property);
            var field = "traits." + (raw.Length > WireLimits.MaxPropKey ? raw[..WireLimits.MaxPropKey] + "…" : raw);
            var problem = TraitProblem(raw, property.Value, out var name, out var value);
            if (problem is null && traits.ContainsKey(name!)) problem = $"is the same trait as another field ({name})";
            if (problem is not null) (refused ??= []).Add(new Rejection(index, field, problem) { EventKept = true });
            else traits[name!] = value!;
        }
        return traits;
    }

    /// <summary>Why this trait cannot be kept, or null with its name and value.</summary>
    private static string? TraitProblem(string raw, JsonElement json, out string? name, out string? value)
    {
        value = null;
        name = raw.Length > WireLimits.MaxPropKey || UnicodeText.HasLoneSurrogate(raw) ? null : TraitNames.FromPublic(raw);
        if (name is null) return "cannot be made into a trait name (letters a-z, digits and _, starting with a letter)";
        if (ReservedTraits.IsReserved(name)) return ReservedTraits.Reason;
        string? text;
        try
        {
            text = json.ValueKind switch
            {
                JsonValueKind.String => json.GetString(),
                JsonValueKind.Number => json.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            return "contains invalid Unicode (a lone surrogate)";
        }
        if (text is null) return "must be a string, number or boolean";
        if (TextProblem(text, WireLimits.MaxTraitValue) is { } bad) return bad;
        value = text;
        return null;
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private sealed class FieldException(string field, string reason) : Exception(reason)
    {
        public string Field { get; } = field;
        public string Reason { get; } = reason;
    }
}
