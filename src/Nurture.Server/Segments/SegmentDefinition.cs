using Nurture.Abstractions;
using Nurture.Abstractions.Leads;
using System.Text.Json;
using Nurture.Abstractions.Scoring;
using Nurture.EventStore;
using Nurture.Scoring.Model;
using Nurture.Server.Leads;
using Nurture.Abstractions.Leads.Conditions;
using Nurture.Conditions;

namespace Nurture.Server.Segments;

/// <summary>
/// A saved filter over the lead list: <c>{"name": "…", "conditions": {…}}</c> with the condition builder's
/// groups and tests (LeadConditionParser; what the console writes), and/or <c>"filter": {…}</c> with the lead
/// list's flat conditions (stage, grade, channel, source, campaign, touch, owner, consent, minEngagement,
/// minFit, known, traits) plus behaviour such as <c>{"type": "page_view", "pathPrefix": "/pricing", "atLeast": 2,
/// "withinDays": 14}</c>. Both must hold when both are given. Errors name the JSON path, as the scoring model's and flows' do.
/// </summary>
public sealed record SegmentDefinition(string Name, LeadFilter Filter)
{
    private static readonly string[] Grades = ["A", "B", "C", "D"];

    public static (SegmentDefinition? Definition, IReadOnlyList<ModelError> Errors) Parse(JsonElement document)
    {
        var reader = new ModelReader();
        if (!reader.Object(document, "$", "name", "filter", "conditions")) return (null, reader.Errors);
        var name = reader.String(document, "name", "$", required: true, 200);
        LeadCondition? conditions = null;
        if (document.TryGetProperty("conditions", out var tree) && tree.ValueKind != JsonValueKind.Null)
            conditions = LeadConditionParser.Parse(reader, tree, "$.conditions");
        if (!document.TryGetProperty("filter", out var filter) || filter.ValueKind == JsonValueKind.Null)
        {
            if (conditions is null) reader.Error("$.conditions", "is required: what a lead must be or have done to be in the segment");
            return reader.Errors.Count > 0 ? (null, reader.Errors) : (new SegmentDefinition(name!, new LeadFilter { Condition = conditions }), []);
        }
        if (filter.ValueKind != JsonValueKind.Object)
        {
            reader.Error("$.filter", "must be an object of conditions");
            return (null, reader.Errors);
        }
        const string path = "$.filter";
        if (!reader.Object(filter, path, "stage", "grade", "channel", "source", "campaign", "touch", "owner", "consent",
                "minEngagement", "minFit", "known", "traits", "behaviour", "q")) return (null, reader.Errors);
        var touch = reader.String(filter, "touch", path, required: false, 10);
        if (touch is not (null or "first" or "last")) reader.Error($"{path}.touch", "must be first or last");
        var traits = new Dictionary<string, string>(StringComparer.Ordinal);
        if (filter.TryGetProperty("traits", out var t))
        {
            if (t.ValueKind != JsonValueKind.Object) reader.Error($"{path}.traits", "must be an object of trait name to value");
            else foreach (var trait in t.EnumerateObject().Take(50))
            {
                var value = trait.Value.ValueKind == JsonValueKind.String ? trait.Value.GetString()! : null;
                var reason = value is null ? "must be text" : TraitRules.Check(trait.Name, value);
                if (reason is not null) reader.Error(JsonPath.Member($"{path}.traits", trait.Name), reason);
                else traits[trait.Name] = value!;
            }
        }
        var behaviour = new List<BehaviourCondition>();
        foreach (var (item, itemPath) in reader.Array(filter, "behaviour", path, required: false, 10))
        {
            if (!reader.Object(item, itemPath, "type", "pathPrefix", "name", "atLeast", "withinDays")) continue;
            var type = reader.String(item, "type", itemPath, required: true, 64);
            var prefix = reader.String(item, "pathPrefix", itemPath, required: false, 500);
            var eventName = reader.String(item, "name", itemPath, required: false, 200);
            var atLeast = reader.Integer(item, "atLeast", itemPath, 1, 1_000_000) ?? 1;
            var within = reader.Integer(item, "withinDays", itemPath, 1, 3650) ?? 30;
            if (type is not null) behaviour.Add(new BehaviourCondition(type, prefix, eventName, atLeast, within));
        }
        var definition = new LeadFilter
        {
            Search = reader.String(filter, "q", path, required: false, 200),
            Stages = Strings(reader, filter, "stage", path, LeadStages.Ordered),
            Grades = Strings(reader, filter, "grade", path, Grades),
            Channel = reader.String(filter, "channel", path, required: false, 64),
            Source = reader.String(filter, "source", path, required: false, 200),
            Campaign = reader.String(filter, "campaign", path, required: false, 200),
            LastTouch = touch == "last",
            Owner = reader.String(filter, "owner", path, required: false, 100),
            Consent = reader.String(filter, "consent", path, required: false, 20),
            MinEngagement = reader.Number(filter, "minEngagement", path, required: false, -1e9, 1e9),
            MinFit = reader.Number(filter, "minFit", path, required: false, -1e9, 1e9),
            KnownOnly = reader.Boolean(filter, "known", path) ?? false,
            Traits = traits,
            Behaviour = behaviour,
            Condition = conditions,
        };
        return reader.Errors.Count > 0 ? (null, reader.Errors) : (new SegmentDefinition(name!, definition), []);
    }

    private static List<string> Strings(ModelReader reader, JsonElement filter, string name, string path, IReadOnlyList<string> allowed)
    {
        var values = new List<string>();
        foreach (var (item, itemPath) in reader.Array(filter, name, path, required: false, 10))
        {
            if (item.ValueKind == JsonValueKind.String && allowed.Contains(item.GetString()!)) values.Add(item.GetString()!);
            else reader.Error(itemPath, $"must be one of {string.Join(", ", allowed)}");
        }
        return values;
    }
}
