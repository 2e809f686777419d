using System.Text.Json;
using Nurture.Abstractions;
using Nurture.CustomerData.Duplicates;
using Nurture.Http;

namespace Nurture.Server.Apis;

/// <summary>
/// Reads a merge's "rules": a default rule and per-field rules. A rule is "newest" (newest non-empty
/// value), {"sources": ["business cards", "trade show 2026-10"]} (first listed source that has a value),
/// or, per field only, {"choose": leadId} (a person's choice).
/// </summary>
public static class SurvivorshipRequest
{
    public static SurvivorshipRules? Parse(JsonElement body, IReadOnlyList<Guid> leads, List<FieldError> errors)
    {
        if (!body.TryGetProperty("rules", out var rules) || rules.ValueKind == JsonValueKind.Null) return SurvivorshipRules.Default;
        if (rules.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("$.rules", "must be an object with default and fields"));
            return null;
        }
        var result = SurvivorshipRules.Default;
        if (rules.TryGetProperty("default", out var fallback) && Rule(fallback, "$.rules.default", leads, allowChoose: false, errors) is { } d)
            result = result with { DefaultRule = d };
        if (rules.TryGetProperty("fields", out var fields))
        {
            if (fields.ValueKind != JsonValueKind.Object) errors.Add(new("$.rules.fields", "must be an object of trait name to rule"));
            else
            {
                var byField = new Dictionary<string, FieldRule>(StringComparer.Ordinal);
                foreach (var field in fields.EnumerateObject().Take(100))
                {
                    var path = JsonPath.Member("$.rules.fields", field.Name.Length > 64 ? field.Name[..64] : field.Name);
                    if (Rule(field.Value, path, leads, allowChoose: true, errors) is { } rule) byField[field.Name] = rule;
                }
                result = result with { Fields = byField };
            }
        }
        return errors.Count > 0 ? null : result;
    }

    private static FieldRule? Rule(JsonElement rule, string path, IReadOnlyList<Guid> leads, bool allowChoose, List<FieldError> errors)
    {
        if (rule.ValueKind == JsonValueKind.String && rule.GetString() == "newest") return FieldRule.NewestNonEmpty;
        if (rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("sources", out var sources) && sources.ValueKind == JsonValueKind.Array
            && sources.GetArrayLength() is > 0 and <= 20 && sources.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String))
            return FieldRule.SourcePriority(sources.EnumerateArray().Select(x => x.GetString()!).ToArray());
        if (allowChoose && rule.ValueKind == JsonValueKind.Object && rule.TryGetProperty("choose", out var choose))
        {
            if (choose.ValueKind == JsonValueKind.String && Guid.TryParse(choose.GetString(), out var id) && leads.Contains(id))
                return FieldRule.Manual(id.ToString("D"));
            errors.Add(new(path, "choose must name one of the merged leads"));
            return null;
        }
        errors.Add(new(path, allowChoose
            ? "must be \"newest\", {\"sources\": [...]} or {\"choose\": leadId}"
            : "must be \"newest\" or {\"sources\": [...]}"));
        return null;
    }
}
