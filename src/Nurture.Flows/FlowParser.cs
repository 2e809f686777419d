using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Nurture.Abstractions;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring.Model;
using Nurture.Abstractions.Leads.Conditions;
using Nurture.Conditions;

namespace Nurture.Flows;

/// <summary>
/// Parses and validates a flow definition, naming every error by JSON path: unknown or unreachable
/// steps, cycles without a wait, missing templates, bad durations.
/// </summary>
public static partial class FlowParser
{
    public const int MaxSteps = 200;

    public static (FlowDefinition? Flow, IReadOnlyList<ModelError> Errors) Parse(string id, JsonElement document, Func<string, bool> templateExists)
    {
        var reader = new ModelReader();
        if (!reader.Object(document, "$", "name", "trigger", "reentry", "goal", "start", "steps", "layout")) return (null, reader.Errors);
        var name = reader.String(document, "name", "$", required: true, 200);
        var trigger = Trigger(reader, document);
        var (never, after) = Reentry(reader, document);
        FlowCondition? goal = null;
        if (document.TryGetProperty("goal", out var goalElement) && goalElement.ValueKind != JsonValueKind.Null)
            goal = Condition(reader, goalElement, "$.goal", allowEvent: true);
        var start = reader.String(document, "start", "$", required: true, 64);
        var steps = Steps(reader, document, templateExists);
        Layout(reader, document, steps);

        if (start is not null && !steps.ContainsKey(start) && reader.Errors.Count == 0) reader.Error("$.start", $"'{start}' is not a step");
        foreach (var step in steps.Values)
        {
            foreach (var target in step.Targets())
            {
                if (!steps.ContainsKey(target)) reader.Error(StepPath(document, step.Id), $"goes to '{target}', which is not a step");
            }
        }
        if (reader.Errors.Count == 0 && start is not null) CheckGraph(reader, document, steps, start);
        if (reader.Errors.Count > 0) return (null, reader.Errors);
        return (new FlowDefinition
        {
            Id = id, Name = name!, Trigger = trigger!, ReentryNever = never, ReentryAfter = after, Goal = goal,
            Start = start!, Steps = steps, Document = document.Clone(),
        }, []);
    }

    /// <summary>Durations as "90s", "15m", "2h", "3d", "1w", or ISO 8601 ("P2D", "PT4H").</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var match = SimpleDuration().Match(text);
        if (match.Success)
        {
            var n = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(n), "m" => TimeSpan.FromMinutes(n), "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n), _ => TimeSpan.FromDays(7 * n),
            };
        }
        if (!text.StartsWith('P')) return null;
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static FlowTrigger? Trigger(ModelReader reader, JsonElement document)
    {
        if (!document.TryGetProperty("trigger", out var trigger))
        {
            reader.Error("$.trigger", "is required");
            return null;
        }
        if (!reader.Object(trigger, "$.trigger", "event", "stage", "score", "segment", "manual")) return null;
        var kinds = trigger.EnumerateObject().Count();
        if (kinds != 1)
        {
            reader.Error("$.trigger", "needs exactly one of event, stage, score, segment or manual");
            return null;
        }
        if (trigger.TryGetProperty("score", out var score))
        {
            if (!reader.Object(score, "$.trigger.score", "category", "atLeast")) return null;
            var atLeast = reader.Number(score, "atLeast", "$.trigger.score", required: true, -1_000_000, 1_000_000);
            return new FlowTrigger(null, null, false, atLeast, reader.String(score, "category", "$.trigger.score", required: false, 64));
        }
        if (trigger.TryGetProperty("segment", out _))
        {
            // Fires when the lead joins the segment (segments are kept current from the lead list).
            return new FlowTrigger(null, null, false, Segment: reader.String(trigger, "segment", "$.trigger", required: true, 100));
        }
        if (trigger.TryGetProperty("event", out var match)) return new FlowTrigger(ScoringModelParser.ParseMatch(reader, match, "$.trigger.event"), null, false);
        if (trigger.TryGetProperty("stage", out _))
        {
            var stage = reader.String(trigger, "stage", "$.trigger", required: true, 20);
            if (stage is not null && !LeadStages.Ordered.Contains(stage)) reader.Error("$.trigger.stage", $"must be one of {string.Join(", ", LeadStages.Ordered)}");
            return new FlowTrigger(null, stage, false);
        }
        return new FlowTrigger(null, null, reader.Boolean(trigger, "manual", "$.trigger") ?? true);
    }

    /// <summary>Where the designer shows each step: kept with the flow, so the picture stays as it was drawn.</summary>
    private static void Layout(ModelReader reader, JsonElement document, Dictionary<string, FlowStep> steps)
    {
        if (!document.TryGetProperty("layout", out var layout) || layout.ValueKind == JsonValueKind.Null) return;
        if (!reader.Object(layout, "$.layout")) return;
        foreach (var place in layout.EnumerateObject().Take(MaxSteps + 1))
        {
            var path = JsonPath.Member("$.layout", place.Name);
            if (!steps.ContainsKey(place.Name) && steps.Count > 0) reader.Error(path, $"'{place.Name}' is not a step");
            else if (reader.Object(place.Value, path, "x", "y"))
            {
                reader.Number(place.Value, "x", path, required: true, 0, 100_000);
                reader.Number(place.Value, "y", path, required: true, 0, 100_000);
            }
        }
    }

    private static (bool Never, TimeSpan? After) Reentry(ModelReader reader, JsonElement document)
    {
        if (!document.TryGetProperty("reentry", out var reentry) || reentry.ValueKind == JsonValueKind.Null) return (true, null);
        if (reentry.ValueKind == JsonValueKind.String && reentry.GetString() == "never") return (true, null);
        if (reentry.ValueKind == JsonValueKind.Object && reader.Object(reentry, "$.reentry", "after"))
        {
            var after = reader.String(reentry, "after", "$.reentry", required: true, 40);
            if (after is not null && ParseDuration(after) is { } duration && duration > TimeSpan.Zero) return (false, duration);
            if (after is not null) reader.Error("$.reentry.after", "must be a duration such as \"30d\" or \"P30D\"");
            return (true, null);
        }
        reader.Error("$.reentry", "must be \"never\" or { \"after\": \"30d\" }");
        return (true, null);
    }

    private static Dictionary<string, FlowStep> Steps(ModelReader reader, JsonElement document, Func<string, bool> templateExists)
    {
        var steps = new Dictionary<string, FlowStep>(StringComparer.Ordinal);
        foreach (var (item, path) in reader.Array(document, "steps", "$", required: true, MaxSteps))
        {
            if (!reader.Object(item, path, "id", "type", "next", "template", "duration", "event", "timeout", "timeoutNext", "condition", "then", "else", "trait", "value", "note", "at", "weekdays", "candidates"))
                continue;
            var id = reader.String(item, "id", path, required: true, 64);
            var type = reader.String(item, "type", path, required: true, 32);
            if (id is not null && !StepId().IsMatch(id)) reader.Error($"{path}.id", "must be letters, digits, '-' or '_'");
            if (id is not null && steps.ContainsKey(id)) reader.Error($"{path}.id", $"'{id}' is used twice");
            if (type is not null && !FlowStepTypes.All.Contains(type))
            {
                reader.Error($"{path}.type", $"must be one of {string.Join(", ", FlowStepTypes.All.Order())}");
                continue;
            }
            if (id is null || type is null) continue;
            var next = type is FlowStepTypes.End or FlowStepTypes.Branch ? null : Target(reader, item, "next", path);
            var step = new FlowStep { Id = id, Type = type, Next = next };
            switch (type)
            {
                case FlowStepTypes.SendEmail:
                    var template = reader.String(item, "template", path, required: true, 100);
                    if (template is not null && !templateExists(template)) reader.Error($"{path}.template", $"'{template}' is not a template");
                    step = step with { Template = template };
                    break;
                case FlowStepTypes.Wait:
                    step = step with { Duration = Duration(reader, item, "duration", path) };
                    break;
                case FlowStepTypes.WaitForEvent:
                    BehaviourRule? match = null;
                    if (item.TryGetProperty("event", out var e)) match = ScoringModelParser.ParseMatch(reader, e, $"{path}.event");
                    else reader.Error($"{path}.event", "is required");
                    step = step with { Event = match, Duration = Duration(reader, item, "timeout", path), TimeoutNext = Target(reader, item, "timeoutNext", path) };
                    break;
                case FlowStepTypes.ChooseEmail:
                    var candidates = new List<EmailCandidate>();
                    foreach (var (candidate, candidatePath) in reader.Array(item, "candidates", path, required: true, 20))
                    {
                        if (!reader.Object(candidate, candidatePath, "template", "category")) continue;
                        var candidateTemplate = reader.String(candidate, "template", candidatePath, required: true, 100);
                        if (candidateTemplate is not null && !templateExists(candidateTemplate))
                            reader.Error($"{candidatePath}.template", $"'{candidateTemplate}' is not a template");
                        if (candidateTemplate is not null) candidates.Add(new EmailCandidate(candidateTemplate, reader.String(candidate, "category", candidatePath, required: false, 64)));
                    }
                    if (candidates.Count == 0 && item.TryGetProperty("candidates", out _)) reader.Error($"{path}.candidates", "needs at least one candidate");
                    step = step with { Candidates = candidates };
                    break;
                case FlowStepTypes.WaitUntil:
                    var at = reader.String(item, "at", path, required: true, 5);
                    TimeOnly? time = null;
                    if (at is not null && TimeOnly.TryParseExact(at, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) time = parsed;
                    else if (at is not null) reader.Error($"{path}.at", "must be a local time of day as HH:mm, such as \"09:30\"");
                    step = step with { At = time, Weekdays = Weekdays(reader, item, path) };
                    break;
                case FlowStepTypes.Branch:
                    FlowCondition? condition = null;
                    if (item.TryGetProperty("condition", out var c)) condition = Condition(reader, c, $"{path}.condition", allowEvent: false);
                    else reader.Error($"{path}.condition", "is required");
                    step = step with
                    {
                        Condition = condition, Then = Target(reader, item, "then", path), Else = Target(reader, item, "else", path),
                    };
                    break;
                case FlowStepTypes.NotifySales:
                    step = step with { Note = reader.String(item, "note", path, required: false, 500) };
                    break;
                case FlowStepTypes.SetTrait:
                    step = step with { Trait = reader.String(item, "trait", path, required: true, 100), Value = reader.String(item, "value", path, required: true, 1000) };
                    break;
            }
            steps[id] = step;
        }
        if (steps.Count == 0 && reader.Errors.Count == 0) reader.Error("$.steps", "needs at least one step");
        return steps;
    }

    /// <summary>The ways out of a step, as the designer labels them.</summary>
    private static readonly Dictionary<string, string> PathWords = new(StringComparer.Ordinal) { ["next"] = "next", ["then"] = "yes", ["else"] = "no", ["timeoutNext"] = "timeout" };

    /// <summary>Where a way out of a step goes; when it is missing, the error says so as the designer shows it.</summary>
    private static string? Target(ModelReader reader, JsonElement item, string name, string path)
    {
        if (!item.TryGetProperty(name, out var target) || target.ValueKind == JsonValueKind.Null || target is { ValueKind: JsonValueKind.String } && target.GetString() == "")
        {
            reader.Error($"{path}.{name}", $"the '{PathWords[name]}' path goes nowhere: connect it to a step");
            return null;
        }
        return reader.String(item, name, path, required: true, 64);
    }

    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private static HashSet<DayOfWeek>? Weekdays(ModelReader reader, JsonElement item, string path)
    {
        if (!item.TryGetProperty("weekdays", out var days) || days.ValueKind == JsonValueKind.Null) return null;
        var set = new HashSet<DayOfWeek>();
        if (days.ValueKind == JsonValueKind.Array)
        {
            foreach (var day in days.EnumerateArray())
            {
                var index = day.ValueKind == JsonValueKind.String ? Array.IndexOf(DayNames, day.GetString()!.ToLowerInvariant()) : -1;
                if (index >= 0) set.Add((DayOfWeek)index);
                else set.Clear();
                if (index < 0) break;
            }
        }
        if (set.Count == 0) reader.Error($"{path}.weekdays", "must be a list of days: mon, tue, wed, thu, fri, sat, sun");
        return set;
    }

    private static TimeSpan? Duration(ModelReader reader, JsonElement item, string field, string path)
    {
        var text = reader.String(item, field, path, required: true, 40);
        if (text is null) return null;
        if (ParseDuration(text) is { } duration && duration > TimeSpan.Zero && duration <= TimeSpan.FromDays(366)) return duration;
        reader.Error($"{path}.{field}", "must be a duration from 1 second to 366 days, such as \"2d\", \"4h\", \"P2D\"");
        return null;
    }

    private static FlowCondition? Condition(ModelReader reader, JsonElement element, string path, bool allowEvent)
    {
        string[] fields = allowEvent
            ? ["stage", "grade", "trait", "equals", "channel", "interest", "atLeast", "openedLastEmail", "clickedLastEmail", "lead", "event"]
            : ["stage", "grade", "trait", "equals", "channel", "interest", "atLeast", "openedLastEmail", "clickedLastEmail", "lead"];
        if (!reader.Object(element, path, fields)) return null;
        if (!element.EnumerateObject().Any())
        {
            reader.Error(path, "needs a test");
            return null;
        }
        List<string>? List(string name, IReadOnlyList<string> allowed)
        {
            if (!element.TryGetProperty(name, out var value)) return null;
            var items = value.ValueKind == JsonValueKind.String ? [value.GetString()!] :
                value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList() : [];
            if (items.Count == 0 || items.Any(i => !allowed.Contains(i))) reader.Error($"{path}.{name}", $"must be one or more of {string.Join(", ", allowed)}");
            return items;
        }
        var trait = reader.String(element, "trait", path, required: false, 100);
        var equals = reader.String(element, "equals", path, required: false, 1000);
        if ((trait is null) != (equals is null)) reader.Error(path, "trait and equals go together");
        var interest = reader.String(element, "interest", path, required: false, 64);
        var atLeast = reader.Number(element, "atLeast", path, required: false, -1_000_000, 1_000_000);
        if ((interest is null) != (atLeast is null)) reader.Error(path, "interest and atLeast go together");
        BehaviourRule? e = null;
        if (element.TryGetProperty("event", out var match)) e = ScoringModelParser.ParseMatch(reader, match, $"{path}.event");
        LeadCondition? lead = null;
        if (element.TryGetProperty("lead", out var tree)) lead = LeadConditionParser.Parse(reader, tree, $"{path}.lead", ConditionScope.Flow);
        return new FlowCondition(
            List("stage", LeadStages.Ordered), List("grade", ["A", "B", "C", "D"]), trait, equals,
            reader.String(element, "channel", path, required: false, 64), interest, atLeast,
            reader.Boolean(element, "openedLastEmail", path), reader.Boolean(element, "clickedLastEmail", path), e, lead);
    }

    /// <summary>Every step reachable from the start, and no cycle that could run without waiting.</summary>
    private static void CheckGraph(ModelReader reader, JsonElement document, Dictionary<string, FlowStep> steps, string start)
    {
        var reachable = new HashSet<string>();
        var stack = new Stack<string>([start]);
        while (stack.TryPop(out var id))
        {
            if (!reachable.Add(id)) continue;
            foreach (var target in steps[id].Targets()) stack.Push(target);
        }
        foreach (var id in steps.Keys.Where(k => !reachable.Contains(k))) reader.Error(StepPath(document, id), $"step '{id}' can never be reached");

        // A cycle through non-waiting steps only would spin for ever: look for one with a DFS over them.
        var state = new Dictionary<string, int>();
        foreach (var id in steps.Keys.Where(k => !steps[k].Waits))
        {
            if (FindInstantCycle(id, steps, state) is { } cycleAt)
            {
                reader.Error(StepPath(document, cycleAt), $"step '{cycleAt}' is on a cycle with no wait step");
                return;
            }
        }
    }

    private static string? FindInstantCycle(string id, Dictionary<string, FlowStep> steps, Dictionary<string, int> state)
    {
        if (state.TryGetValue(id, out var s)) return s == 1 ? id : null;
        state[id] = 1;
        foreach (var target in steps[id].Targets().Where(t => !steps[t].Waits))
        {
            if (FindInstantCycle(target, steps, state) is { } found) return found;
        }
        state[id] = 2;
        return null;
    }

    private static string StepPath(JsonElement document, string id)
    {
        var i = 0;
        foreach (var step in document.GetProperty("steps").EnumerateArray())
        {
            if (step.ValueKind == JsonValueKind.Object && step.TryGetProperty("id", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == id) return $"$.steps[{i}]";
            i++;
        }
        return "$.steps";
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(s|m|h|d|w)$")]
    private static partial Regex SimpleDuration();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex StepId();
}
