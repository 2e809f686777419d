using System.Text.Json;
using Nurture.Abstractions;
using System.Text.RegularExpressions;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;

namespace Nurture.Scoring.Model;

/// <summary>
/// Parses a scoring model document, checking everything and naming each error by JSON path; only a
/// document without errors becomes a <see cref="ScoringModel"/>.
/// </summary>
public static partial class ScoringModelParser
{
    public const int MaxRules = 500;

    /// <summary>Event types rules may match: the tracker's, those the email part sends, and what sales records (SalesEvents).</summary>
    public static readonly IReadOnlySet<string> MatchableTypes = new HashSet<string>(EventTypes.All)
    {
        "email_open", "email_click", "email_unsubscribe", "email_bounce",
        "sales_call", "sales_meeting", "sales_note", "sales_accepted", "sales_won", "sales_lost",
    };

    public static (ScoringModel? Model, IReadOnlyList<ModelError> Errors) Parse(JsonElement document)
    {
        var reader = new ModelReader();
        if (!reader.Object(document, "$", "categories", "rules", "fit", "stages")) return (null, reader.Errors);

        var halfLives = Categories(reader, document);
        var rules = Rules(reader, document, halfLives);
        var (fitRules, grades) = Fit(reader, document);
        var stages = Stages(reader, document);
        if (reader.Errors.Count > 0) return (null, reader.Errors);
        return (new ScoringModel(halfLives, rules, fitRules, grades!, stages, document.Clone()), []);
    }

    public static (ScoringModel? Model, IReadOnlyList<ModelError> Errors) Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement);
        }
        catch (JsonException ex)
        {
            return (null, [new ModelError("$", $"is not valid JSON: {ex.Message}")]);
        }
    }

    /// <summary>The model shipped with Nurture, used until someone saves their own.</summary>
    public static ScoringModel Default()
    {
        using var stream = typeof(ScoringModelParser).Assembly.GetManifestResourceStream("default-model.json")!;
        using var reader = new StreamReader(stream);
        var (model, errors) = Parse(reader.ReadToEnd());
        return model ?? throw new InvalidOperationException("The default scoring model is invalid: " + string.Join("; ", errors));
    }

    private static Dictionary<string, TimeSpan> Categories(ModelReader reader, JsonElement document)
    {
        var halfLives = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        if (!document.TryGetProperty("categories", out var categories))
        {
            reader.Error("$.categories", "is required");
            return halfLives;
        }
        if (!reader.Object(categories, "$.categories")) return halfLives;
        foreach (var category in categories.EnumerateObject())
        {
            var path = JsonPath.Member("$.categories", category.Name);
            if (!IdPattern().IsMatch(category.Name)) reader.Error(path, "must be a name of lower-case letters, digits, '-' or '_' (at most 64)");
            if (!reader.Object(category.Value, path, "halfLifeDays")) continue;
            var days = reader.Number(category.Value, "halfLifeDays", path, required: true, 0.01, 3650);
            if (days is { } d) halfLives[category.Name] = TimeSpan.FromDays(d);
        }
        if (halfLives.Count == 0 && reader.Errors.Count == 0) reader.Error("$.categories", "needs at least one category");
        return halfLives;
    }

    private static List<BehaviourRule> Rules(ModelReader reader, JsonElement document, Dictionary<string, TimeSpan> halfLives)
    {
        var rules = new List<BehaviourRule>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in reader.Array(document, "rules", "$", required: true, MaxRules))
        {
            if (!reader.Object(item, path, "id", "category", "points", "match", "cap")) continue;
            var id = RuleId(reader, item, path, ids);
            var category = reader.String(item, "category", path, required: true, 64);
            if (category is not null && !halfLives.ContainsKey(category) && document.TryGetProperty("categories", out _))
                reader.Error($"{path}.category", $"'{category}' is not one of the categories");
            var points = reader.Number(item, "points", path, required: true, -10_000, 10_000);

            int? perDay = null, perLead = null;
            var oncePerSession = false;
            if (item.TryGetProperty("cap", out var cap) && cap.ValueKind != JsonValueKind.Null && reader.Object(cap, $"{path}.cap", "perDay", "perLead", "oncePerSession"))
            {
                perDay = reader.Integer(cap, "perDay", $"{path}.cap", 1, 100_000);
                perLead = reader.Integer(cap, "perLead", $"{path}.cap", 1, 1_000_000);
                oncePerSession = reader.Boolean(cap, "oncePerSession", $"{path}.cap") ?? false;
            }

            if (!item.TryGetProperty("match", out var match))
            {
                reader.Error($"{path}.match", "is required");
                continue;
            }
            var matcher = ParseMatch(reader, match, $"{path}.match");
            if (id is null || category is null || points is null) continue;
            if (matcher is null) continue;
            rules.Add(new BehaviourRule
            {
                Id = id, Category = category, Points = points.Value, Type = matcher.Type, Name = matcher.Name, Path = matcher.Path,
                Host = matcher.Host, Channel = matcher.Channel, UtmSource = matcher.UtmSource, UtmMedium = matcher.UtmMedium,
                UtmCampaign = matcher.UtmCampaign, Props = matcher.Props, PerDay = perDay, PerLead = perLead, OncePerSession = oncePerSession,
            });
        }
        return rules;
    }

    /// <summary>
    /// An event match (type, name, path and host globs, channel, UTM, props), as rules and flows write it.
    /// Null when it has errors (recorded in the reader).
    /// </summary>
    public static BehaviourRule? ParseMatch(ModelReader reader, JsonElement match, string matchPath)
    {
        var before = reader.Errors.Count;
        if (!reader.Object(match, matchPath, "type", "name", "path", "host", "channel", "utmSource", "utmMedium", "utmCampaign", "props")) return null;
        if (!match.EnumerateObject().Any()) reader.Error(matchPath, "needs at least one condition");
        var type = reader.String(match, "type", matchPath, required: false, 64);
        if (type is not null && !MatchableTypes.Contains(type))
            reader.Error($"{matchPath}.type", $"must be one of {string.Join(", ", MatchableTypes.Order())}");
        var pathGlob = reader.String(match, "path", matchPath, required: false, 500);
        var hostGlob = reader.String(match, "host", matchPath, required: false, 253);
        if (pathGlob is not null && pathGlob[0] != '/' && pathGlob[0] != '*') reader.Error($"{matchPath}.path", "must start with '/' or '*'");
        var props = new List<KeyValuePair<string, string>>();
        if (match.TryGetProperty("props", out var propsElement) && reader.Object(propsElement, $"{matchPath}.props"))
        {
            foreach (var prop in propsElement.EnumerateObject())
            {
                if (prop.Value.ValueKind == JsonValueKind.String) props.Add(new(prop.Name, prop.Value.GetString()!));
                else reader.Error(JsonPath.Member($"{matchPath}.props", prop.Name), "must be a string");
            }
        }
        var rule = new BehaviourRule
        {
            Id = "match", Category = "", Points = 0, Type = type,
            Name = reader.String(match, "name", matchPath, required: false),
            Path = pathGlob is null ? null : Glob.Parse(pathGlob, ignoreCase: false),
            Host = hostGlob is null ? null : Glob.Parse(hostGlob, ignoreCase: true),
            Channel = reader.String(match, "channel", matchPath, required: false, 64),
            UtmSource = reader.String(match, "utmSource", matchPath, required: false),
            UtmMedium = reader.String(match, "utmMedium", matchPath, required: false),
            UtmCampaign = reader.String(match, "utmCampaign", matchPath, required: false),
            Props = props,
        };
        return reader.Errors.Count == before ? rule : null;
    }

    private static (List<FitRule> Rules, GradeThresholds? Grades) Fit(ModelReader reader, JsonElement document)
    {
        var rules = new List<FitRule>();
        if (!document.TryGetProperty("fit", out var fit))
        {
            reader.Error("$.fit", "is required");
            return (rules, null);
        }
        if (!reader.Object(fit, "$.fit", "rules", "grades")) return (rules, null);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in reader.Array(fit, "rules", "$.fit", required: false, MaxRules))
        {
            if (!reader.Object(item, path, "id", "points", "trait", "equals", "contains", "in", "atLeast", "below", "emailDomain")) continue;
            var id = RuleId(reader, item, path, ids);
            var points = reader.Number(item, "points", path, required: true, -10_000, 10_000);
            var trait = reader.String(item, "trait", path, required: false, 100);
            var emailDomain = reader.String(item, "emailDomain", path, required: false, 20);
            var equalsValue = reader.String(item, "equals", path, required: false, 500);
            var contains = reader.String(item, "contains", path, required: false, 500);
            var atLeast = reader.Number(item, "atLeast", path, required: false, double.MinValue, double.MaxValue);
            var below = reader.Number(item, "below", path, required: false, double.MinValue, double.MaxValue);
            List<string>? inList = null;
            if (item.TryGetProperty("in", out _))
            {
                inList = [];
                foreach (var (value, valuePath) in reader.Array(item, "in", path, required: false, 1000))
                {
                    if (value.ValueKind == JsonValueKind.String) inList.Add(value.GetString()!);
                    else reader.Error(valuePath, "must be a string");
                }
            }
            var tests = new object?[] { equalsValue, contains, inList, atLeast ?? below }.Count(t => t is not null);
            if (emailDomain is not null)
            {
                if (emailDomain is not ("free" or "corporate")) reader.Error($"{path}.emailDomain", "must be \"free\" or \"corporate\"");
                if (trait is not null || tests > 0) reader.Error(path, "an emailDomain rule takes no trait test");
            }
            else if (trait is null) reader.Error(path, "needs a trait (with one test) or an emailDomain");
            else if (tests != 1) reader.Error(path, "needs exactly one test: equals, contains, in, or atLeast/below");
            if (id is null || points is null) continue;
            rules.Add(new FitRule
            {
                // A model written before trait names were one rule ("jobTitle") still finds the trait ("job_title").
                Id = id, Points = points.Value, Trait = trait is null ? null : TraitNames.Canonical(trait), EqualsValue = equalsValue, Contains = contains,
                In = inList, AtLeast = atLeast, Below = below, EmailDomain = emailDomain,
            });
        }

        GradeThresholds? grades = null;
        if (!fit.TryGetProperty("grades", out var gradesElement)) reader.Error("$.fit.grades", "is required");
        else if (reader.Object(gradesElement, "$.fit.grades", "a", "b", "c"))
        {
            var a = reader.Number(gradesElement, "a", "$.fit.grades", required: true, -100_000, 100_000);
            var b = reader.Number(gradesElement, "b", "$.fit.grades", required: true, -100_000, 100_000);
            var c = reader.Number(gradesElement, "c", "$.fit.grades", required: true, -100_000, 100_000);
            if (a is not null && b is not null && c is not null)
            {
                if (!(a >= b && b >= c)) reader.Error("$.fit.grades", "must satisfy a >= b >= c");
                grades = new GradeThresholds(a.Value, b.Value, c.Value);
            }
        }
        return (rules, grades);
    }

    private static Dictionary<string, StageRule> Stages(ModelReader reader, JsonElement document)
    {
        var stages = new Dictionary<string, StageRule>(StringComparer.Ordinal);
        if (!document.TryGetProperty("stages", out var element))
        {
            reader.Error("$.stages", "is required");
            return stages;
        }
        string[] names = ["engaged", "mql", "hot"];
        if (!reader.Object(element, "$.stages", names)) return stages;
        StageRule? previous = null;
        foreach (var name in names)
        {
            var path = $"$.stages.{name}";
            if (!element.TryGetProperty(name, out var stage))
            {
                reader.Error(path, "is required");
                continue;
            }
            if (!reader.Object(stage, path, "enter", "leave", "minFit")) continue;
            var enter = reader.Number(stage, "enter", path, required: true, -1_000_000, 1_000_000);
            var leave = reader.Number(stage, "leave", path, required: true, -1_000_000, 1_000_000);
            var minFit = reader.Number(stage, "minFit", path, required: false, -1_000_000, 1_000_000) ?? double.MinValue;
            if (enter is null || leave is null) continue;
            if (leave > enter) reader.Error($"{path}.leave", "must not be above enter (it is the lower edge of the hysteresis)");
            if (previous is not null && enter < previous.Enter) reader.Error($"{path}.enter", "must not be below the previous stage's enter");
            previous = stages[name] = new StageRule(enter.Value, leave.Value, minFit);
        }
        return stages;
    }

    private static string? RuleId(ModelReader reader, JsonElement item, string path, HashSet<string> ids)
    {
        var id = reader.String(item, "id", path, required: true, 64);
        if (id is null) return null;
        if (!IdPattern().IsMatch(id)) reader.Error($"{path}.id", "must be lower-case letters, digits, '-' or '_'");
        else if (!ids.Add(id)) reader.Error($"{path}.id", $"'{id}' is used twice");
        return id;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex IdPattern();
}
