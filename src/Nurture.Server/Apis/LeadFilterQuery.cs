using Nurture.Abstractions.Leads;
using System.Globalization;
using Nurture.Abstractions.Scoring;
using Nurture.EventStore;
using Nurture.Http;

namespace Nurture.Server.Apis;

/// <summary>
/// Reads a <see cref="LeadFilter"/> from a query string, for the lead list and its export:
/// q, stage, grade (comma-separated), owner, channel, source, campaign, touch (first|last), consent,
/// minEngagement, minFit, createdFrom, createdTo, known=true, and trait.NAME=VALUE.
/// </summary>
public static class LeadFilterQuery
{
    private static readonly string[] Grades = ["A", "B", "C", "D"];

    public static LeadFilter Parse(IQueryCollection query, List<FieldError> errors)
    {
        string? Text(string name, int max = 200)
        {
            var value = query[name].ToString();
            if (value.Length == 0) return null;
            if (value.Length > max) errors.Add(new(name, $"is longer than {max} characters"));
            return value;
        }
        List<string> OneOf(string name, IReadOnlyList<string> allowed)
        {
            var values = (Text(name) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            foreach (var v in values.Where(v => !allowed.Contains(v))) errors.Add(new(name, $"'{v}' is not one of {string.Join(", ", allowed)}"));
            return values;
        }
        double? Number(string name)
        {
            if (Text(name) is not { } text) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)) return n;
            errors.Add(new(name, "must be a number"));
            return null;
        }
        DateTimeOffset? Time(string name)
        {
            if (Text(name) is not { } text) return null;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t;
            errors.Add(new(name, "must be an ISO 8601 time, for example 2026-11-01T00:00:00Z"));
            return null;
        }

        var touch = Text("touch");
        if (touch is not (null or "first" or "last")) errors.Add(new("touch", "must be first or last"));
        var known = Text("known");
        if (known is not (null or "true" or "false")) errors.Add(new("known", "must be true or false"));
        var traits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in query.Where(p => p.Key.StartsWith("trait.", StringComparison.Ordinal)))
        {
            var name = key["trait.".Length..];
            if (Leads.TraitRules.Check(name, value.ToString()) is { } reason) errors.Add(new(key.Length > 70 ? key[..70] : key, reason));
            else traits[name] = value.ToString();
        }
        return new LeadFilter
        {
            Search = Text("q"),
            Stages = OneOf("stage", LeadStages.Ordered),
            Grades = OneOf("grade", Grades),
            Owner = Text("owner"),
            Channel = Text("channel"),
            Source = Text("source"),
            Campaign = Text("campaign"),
            LastTouch = touch == "last",
            Consent = Text("consent"),
            MinEngagement = Number("minEngagement"),
            MinFit = Number("minFit"),
            CreatedFrom = Time("createdFrom"),
            CreatedTo = Time("createdTo"),
            KnownOnly = known == "true",
            Segment = Text("segment", 100),
            Traits = traits,
        };
    }

    public static LeadSort Sort(string? text, List<FieldError> errors)
    {
        if (text is null) return LeadSort.LastSeen;
        foreach (var sort in Enum.GetValues<LeadSort>())
        {
            if (string.Equals(sort.ToString(), text, StringComparison.OrdinalIgnoreCase)) return sort;
        }
        errors.Add(new("sort", "must be one of lastSeen, engagement, fit, created, email"));
        return LeadSort.LastSeen;
    }
}
