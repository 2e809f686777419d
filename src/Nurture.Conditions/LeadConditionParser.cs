using System.Text.Json;
using Nurture.Abstractions;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Leads.Conditions;
using Nurture.Scoring.Model;

namespace Nurture.Conditions;

/// <summary>
/// Reads a condition as the console's builder writes it, naming every problem by JSON path:
/// <c>{"all": [...]}</c> or <c>{"any": [...]}</c> groups (nested up to <see cref="MaxDepth"/>), and the leaves
/// <c>{"field": "stage", "op": "is", "value": "sql"}</c>, <c>{"trait": "industry", "op": "contains", "value": "soft"}</c>,
/// <c>{"score": "engagement", "atLeast": 50}</c> (or <c>"below"</c>), <c>{"segment": "trial-users"}</c> (with <c>"member": false</c>),
/// and <c>{"did": "page_view", "path": "/pricing*", "atLeast": 2, "withinDays": 14}</c> with optional
/// <c>name</c>, <c>template</c>, <c>link</c>, <c>props</c> and <c>"never": true</c>. Flows also take
/// <c>{"interest": "pricing", "atLeast": 5}</c> and <c>{"lastEmail": "opened"}</c> (clicked, not_opened, not_clicked).
/// docs/segments.md says what each means.
/// </summary>
public static class LeadConditionParser
{
    public const int MaxDepth = 3;
    public const int MaxConditions = 50;
    private static readonly string[] Kinds = ["all", "any", "field", "trait", "score", "segment", "did", "interest", "lastEmail"];

    public static LeadCondition? Parse(ModelReader reader, JsonElement element, string path, ConditionScope scope = ConditionScope.Segment) =>
        Parse(reader, element, path, depth: 1, new Counter(scope));

    private sealed class Counter(ConditionScope scope)
    {
        public ConditionScope Scope { get; } = scope;
        public int Leaves;
    }

    private static LeadCondition? Parse(ModelReader reader, JsonElement element, string path, int depth, Counter counter)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            reader.Error(path, "must be an object: a group (all, any) or a test (field, trait, score, segment, did)");
            return null;
        }
        var kind = Kinds.Where(k => element.TryGetProperty(k, out _)).ToList();
        if (kind.Count != 1)
        {
            reader.Error(path, "needs exactly one of all, any, field, trait, score, interest, segment or did" + (counter.Scope == ConditionScope.Flow ? ", or lastEmail" : ""));
            return null;
        }
        if (kind[0] is "lastEmail" && counter.Scope != ConditionScope.Flow)
        {
            reader.Error(JsonPath.Member(path, kind[0]), "can be tested in a flow, not in a segment");
            return null;
        }
        if (kind[0] is not ("all" or "any") && ++counter.Leaves > MaxConditions)
        {
            if (counter.Leaves == MaxConditions + 1) reader.Error(path, $"is one test too many: at most {MaxConditions} in one condition");
            return null;
        }
        return kind[0] switch
        {
            "all" or "any" => Group(reader, element, path, kind[0], depth, counter),
            "field" => Field(reader, element, path),
            "trait" => Trait(reader, element, path),
            "score" => Score(reader, element, path),
            "segment" => Segment(reader, element, path),
            "interest" => Interest(reader, element, path),
            "lastEmail" => LastEmail(reader, element, path),
            _ => Activity(reader, element, path, counter.Scope),
        };
    }

    private static ConditionGroup? Group(ModelReader reader, JsonElement element, string path, string kind, int depth, Counter counter)
    {
        if (!reader.Object(element, path, kind)) return null;
        if (depth > MaxDepth)
        {
            reader.Error(path, $"nests groups too deep: at most {MaxDepth} levels");
            return null;
        }
        var conditions = new List<LeadCondition>();
        foreach (var (item, itemPath) in reader.Array(element, kind, path, required: true, MaxConditions))
        {
            if (Parse(reader, item, itemPath, depth + 1, counter) is { } condition) conditions.Add(condition);
        }
        return new ConditionGroup(kind == "any", conditions);
    }

    private static FieldCondition? Field(ModelReader reader, JsonElement element, string path)
    {
        if (!reader.Object(element, path, "field", "op", "value")) return null;
        var field = reader.String(element, "field", path, required: true, 64);
        if (field is not null && !LeadFields.All.Contains(field))
        {
            reader.Error($"{path}.field", $"must be one of {string.Join(", ", LeadFields.All)}");
            return null;
        }
        var (op, value) = Comparison(reader, element, path);
        return field is null || op is null ? null : new FieldCondition(field, op.Value, value);
    }

    private static TraitCondition? Trait(ModelReader reader, JsonElement element, string path)
    {
        if (!reader.Object(element, path, "trait", "op", "value")) return null;
        var trait = reader.String(element, "trait", path, required: true, 64);
        if (trait is not null && !TraitNames.IsValid(trait))
        {
            reader.Error($"{path}.trait", "must be a trait name: a lower-case letter, then lower-case letters, digits or _ (at most 64)");
            return null;
        }
        var (op, value) = Comparison(reader, element, path);
        return trait is null || op is null ? null : new TraitCondition(trait, op.Value, value);
    }

    private static (TextOperator? Op, string? Value) Comparison(ModelReader reader, JsonElement element, string path)
    {
        var name = reader.String(element, "op", path, required: true, 20);
        if (name is null) return (null, null);
        if (!TextOperators.ByName.TryGetValue(name, out var op))
        {
            reader.Error($"{path}.op", $"must be one of {string.Join(", ", TextOperators.ByName.Keys)}");
            return (null, null);
        }
        if (!op.NeedsValue())
        {
            if (element.TryGetProperty("value", out var unused) && unused.ValueKind != JsonValueKind.Null)
                reader.Error($"{path}.value", $"must be left out: {name} compares with nothing");
            return (op, null);
        }
        var value = reader.String(element, "value", path, required: true, 500);
        if (value is not null && value.Trim().Length == 0)
        {
            reader.Error($"{path}.value", "must not be blank (use is_set or is_not_set to test for a value at all)");
            return (null, null);
        }
        return value is null ? (null, null) : (op, value.Trim());
    }

    private static ScoreCondition? Score(ModelReader reader, JsonElement element, string path)
    {
        if (!reader.Object(element, path, "score", "atLeast", "below")) return null;
        var score = reader.String(element, "score", path, required: true, 20);
        if (score is not null && score is not (ScoreCondition.Engagement or ScoreCondition.Fit))
        {
            reader.Error($"{path}.score", "must be engagement or fit");
            return null;
        }
        var atLeast = reader.Number(element, "atLeast", path, required: false, -1e9, 1e9);
        var below = reader.Number(element, "below", path, required: false, -1e9, 1e9);
        if ((atLeast is null) == (below is null))
        {
            reader.Error(path, "needs exactly one of atLeast or below");
            return null;
        }
        return score is null ? null : new ScoreCondition(score, atLeast is not null, atLeast ?? below!.Value);
    }

    private static SegmentCondition? Segment(ModelReader reader, JsonElement element, string path)
    {
        if (!reader.Object(element, path, "segment", "member")) return null;
        var segment = reader.String(element, "segment", path, required: true, 100);
        var member = reader.Boolean(element, "member", path) ?? true;
        return segment is null ? null : new SegmentCondition(segment, member);
    }

    private static InterestCondition? Interest(ModelReader reader, JsonElement element, string path)
    {
        if (!reader.Object(element, path, "interest", "atLeast")) return null;
        var category = reader.String(element, "interest", path, required: true, 64);
        var atLeast = reader.Number(element, "atLeast", path, required: true, -1e6, 1e6);
        return category is null || atLeast is null ? null : new InterestCondition(category, atLeast.Value);
    }

    private static LastEmailCondition? LastEmail(ModelReader reader, JsonElement element, string path)
    {
        if (!reader.Object(element, path, "lastEmail")) return null;
        var value = reader.String(element, "lastEmail", path, required: true, 20);
        return value switch
        {
            "opened" => new LastEmailCondition(Clicked: false, Did: true),
            "clicked" => new LastEmailCondition(Clicked: true, Did: true),
            "not_opened" => new LastEmailCondition(Clicked: false, Did: false),
            "not_clicked" => new LastEmailCondition(Clicked: true, Did: false),
            null => null,
            _ => Refuse(reader, $"{path}.lastEmail", "must be opened, clicked, not_opened or not_clicked"),
        };
    }

    private static LastEmailCondition? Refuse(ModelReader reader, string path, string reason)
    {
        reader.Error(path, reason);
        return null;
    }

    private static ActivityCondition? Activity(ModelReader reader, JsonElement element, string path, ConditionScope scope)
    {
        if (!reader.Object(element, path, "did", "path", "name", "template", "link", "props", "atLeast", "withinDays", "never")) return null;
        var type = reader.String(element, "did", path, required: true, 64);
        if (type is not null && !ScoringModelParser.MatchableTypes.Contains(type))
        {
            reader.Error($"{path}.did", $"must be one of {string.Join(", ", ScoringModelParser.MatchableTypes)}");
            type = null;
        }
        var pagePath = reader.String(element, "path", path, required: false, 500);
        if (pagePath is not null && !pagePath.StartsWith('/') && !pagePath.StartsWith('*'))
            reader.Error($"{path}.path", "must start with / (a path on the site, * for any text: /pricing*)");
        var props = new List<KeyValuePair<string, string>>();
        if (element.TryGetProperty("props", out var p) && p.ValueKind != JsonValueKind.Null && scope == ConditionScope.Flow)
            reader.Error($"{path}.props", "can be tested in a segment, not in a flow (a flow sees the lead's recent events without their properties)");
        else if (element.TryGetProperty("props", out p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Object) reader.Error($"{path}.props", "must be an object of property name to value");
            else foreach (var prop in p.EnumerateObject().Take(10))
            {
                if (prop.Value.ValueKind != JsonValueKind.String || prop.Value.GetString()!.Length is 0 or > 500 || prop.Name.Length is 0 or > 64)
                    reader.Error(JsonPath.Member($"{path}.props", prop.Name), "must be a text of 1 to 500 characters, under a name of at most 64");
                else props.Add(new(prop.Name, prop.Value.GetString()!));
            }
        }
        var never = reader.Boolean(element, "never", path) ?? false;
        var atLeast = reader.Integer(element, "atLeast", path, 1, 1_000_000);
        if (never && atLeast is not null) reader.Error($"{path}.atLeast", "must be left out when never is true");
        var within = reader.Integer(element, "withinDays", path, 1, 3650) ?? 30;
        return type is null ? null : new ActivityCondition(
            type, pagePath, reader.String(element, "name", path, required: false, 200), reader.String(element, "template", path, required: false, 100),
            reader.String(element, "link", path, required: false, 2000), props, atLeast ?? 1, within, never);
    }
}
