using System.Globalization;
using Nurture.Handoff.Reps;

namespace Nurture.Handoff.Routing;

/// <summary>
/// The assignment rules without the database: each enabled rule in the stored order either chooses a rep, or
/// chooses nobody and leaves the lead to the next, or (working hours) narrows the reps the rules after it pick
/// from. Nobody chosen: the fallback queue. The same code assigns real alerts and answers "who would get this
/// lead?", so the tester's words are what the assigner did.
/// </summary>
public static class RoutingEvaluator
{
    public const string Chose = "chose";
    public const string None = "none";
    public const string Narrowed = "narrowed";
    public const string Kept = "kept";
    public const string Off = "off";
    public const string Skipped = "skipped";

    public static RoutingDecision Evaluate(IReadOnlyList<RoutingRule> rules, RoutingInput input)
    {
        var checks = input.Reps.Select(s => Check(s, input.TakenFrom, input.Now)).ToList();
        // The pool the choosing rules pick from: available reps, least recently assigned first (that order is the round-robin).
        var pool = input.Reps.Zip(checks).Where(p => p.Second.Available)
            .OrderBy(p => p.First.LastAssignedAt ?? DateTimeOffset.MinValue).ThenBy(p => p.First.Rep.Id, StringComparer.Ordinal)
            .Select(p => p.First).ToList();
        var territoryOn = rules.Any(r => r.Kind == RuleKinds.Territory && r.Enabled);
        var steps = new List<RuleStep>();
        Assignment? chosen = null;
        string? decidedBy = null;
        foreach (var rule in rules)
        {
            var label = RuleKinds.Label(rule.Kind);
            if (chosen is not null)
            {
                steps.Add(new(rule.Kind, label, rule.Enabled, Skipped, "Not tried: an earlier rule chose the rep.", null));
                continue;
            }
            if (!rule.Enabled)
            {
                steps.Add(new(rule.Kind, label, false, Off, "Turned off.", null));
                continue;
            }
            var (outcome, detail, rep, reason) = rule.Kind switch
            {
                RuleKinds.Owner => Owner(input),
                RuleKinds.Previous => Previous(input),
                RuleKinds.WorkingHours => WorkingHours(ref pool, input.Now),
                RuleKinds.Territory => Territory(pool, input),
                RuleKinds.RoundRobin => RoundRobin(pool, territoryOn),
                _ => (None, "Unknown rule.", null, null),
            };
            steps.Add(new(rule.Kind, label, true, outcome, detail, rep?.Id));
            if (rep is not null)
            {
                chosen = new(rep, reason!);
                decidedBy = rule.Kind;
            }
        }
        return new(chosen ?? new(null, RepChooser.FallbackReason), decidedBy, steps, checks);
    }

    /// <summary>Whether the rep may get a new lead now, and their state in words.</summary>
    public static RepCheck Check(RepStanding standing, string? takenFrom, DateTimeOffset now)
    {
        var rep = standing.Rep;
        var away = RepSchedule.IsAway(rep, now);
        var atWork = RepSchedule.IsAtWork(rep, now);
        var next = RepSchedule.NextStart(rep, now);
        var load = Invariant($"{standing.OpenLeads} of {rep.Capacity} open hot leads");
        var (available, status) =
            !rep.Active ? (false, "Inactive.")
            : rep.Id == takenFrom ? (false, "Had this lead and did not answer in time.")
            : away ? (false, Invariant($"Out of office until {rep.AwayUntil:yyyy-MM-dd}."))
            : standing.OpenLeads >= rep.Capacity ? (false, $"At capacity: {load}.")
            : (true, $"Available: {load}{Hours(rep, atWork, next)}.");
        return new(rep.Id, rep.Name, available, status, standing.OpenLeads, rep.Capacity, standing.LastAssignedAt, away, atWork, next);
    }

    private static string Hours(Rep rep, bool atWork, string? next) =>
        !RepSchedule.HasHours(rep) ? "" : atWork ? "; within working hours now" : $"; outside working hours (next: {next} {RepSchedule.Zone(rep).Id})";

    private static (string, string, Rep?, string?) Owner(RoutingInput input)
    {
        if (input.Lead.Owner is not { Length: > 0 } ownerId) return (None, "The lead has no owner.", null, null);
        ownerId = ownerId.Trim();
        if (RepChooser.OwnerId(input.Lead, input.TakenFrom) is null)
            return (None, $"The owner {NameOf(input, ownerId)} had the lead and did not answer in time.", null, null);
        return Named(input, ownerId, "owner", RepChooser.OwnerReason, rep => $"{rep.Name} owns the lead.");
    }

    private static (string, string, Rep?, string?) Previous(RoutingInput input)
    {
        if (input.PreviousRepId is not { } previousId) return (None, "The lead was never assigned to a rep before.", null, null);
        if (previousId == input.TakenFrom)
            return (None, $"{NameOf(input, previousId)} had the lead last and did not answer in time.", null, null);
        return Named(input, previousId, "earlier rep", RepChooser.PreviousReason, rep => $"{rep.Name} had the lead before.");
    }

    /// <summary>The owner or the earlier rep: theirs whatever their load, unless inactive or out of office.</summary>
    private static (string, string, Rep?, string?) Named(RoutingInput input, string repId, string role, string reason, Func<Rep, string> chose)
    {
        if (input.Reps.FirstOrDefault(s => s.Rep.Id == repId)?.Rep is not { } rep) return (None, $"The {role} '{repId}' is not a rep.", null, null);
        if (!rep.Active) return (None, $"The {role} {rep.Name} is inactive.", null, null);
        if (RepSchedule.IsAway(rep, input.Now)) return (None, Invariant($"The {role} {rep.Name} is out of office until {rep.AwayUntil:yyyy-MM-dd}."), null, null);
        return (Chose, chose(rep), rep, reason);
    }

    private static (string, string, Rep?, string?) WorkingHours(ref List<RepStanding> pool, DateTimeOffset now)
    {
        if (pool.Count == 0) return (Kept, "No rep is available, so there is nobody to narrow down.", null, null);
        if (!pool.Any(s => RepSchedule.HasHours(s.Rep))) return (Kept, "No available rep has working hours set: everyone stays in.", null, null);
        var atWork = pool.Where(s => RepSchedule.IsAtWork(s.Rep, now)).ToList();
        if (atWork.Count == 0) return (Kept, "Nobody available is within their working hours now: everyone available stays in.", null, null);
        if (atWork.Count == pool.Count) return (Kept, "Every available rep is within their working hours now.", null, null);
        var left = pool.Except(atWork).Select(s => $"{s.Rep.Name} (from {RepSchedule.NextStart(s.Rep, now)})");
        pool = atWork;
        return (Narrowed, Invariant($"{atWork.Count} available rep{(atWork.Count == 1 ? " is" : "s are")} within working hours now; left out until their hours begin: {string.Join(", ", left)}."), null, null);
    }

    private static (string, string, Rep?, string?) Territory(List<RepStanding> pool, RoutingInput input)
    {
        var place = RepChooser.PlaceOf(input.Lead);
        var where = Describe(place);
        if (pool.FirstOrDefault(s => RepChooser.Covers(s.Rep, place)) is { } match)
            return (Chose, $"{match.Rep.Name} covers {where}{LastTime(match)}.", match.Rep, RepChooser.TerritoryReason);
        // A rep who covers the lead but cannot take it now is worth naming: that is the surprise.
        var elsewhere = input.Reps.Where(s => RepChooser.Covers(s.Rep, place) && !pool.Contains(s)).Select(s => s.Rep.Name).ToList();
        var note = elsewhere.Count == 0 ? "" : $" {string.Join(", ", elsewhere)} {(elsewhere.Count == 1 ? "does" : "do")} but cannot take it now.";
        return (None, $"No available rep covers {where}.{note}", null, null);
    }

    private static (string, string, Rep?, string?) RoundRobin(List<RepStanding> pool, bool territoryOn)
    {
        if (pool.Count == 0) return (None, "No rep is available.", null, null);
        var candidates = territoryOn ? pool.Where(s => !RepChooser.HasTerritory(s.Rep)).ToList() : pool;
        if (candidates.FirstOrDefault() is not { } next)
            return (None, "Every available rep has a territory, and while the territory rule is on they take only leads from it.", null, null);
        return (Chose, $"{next.Rep.Name} is next in turn{LastTime(next)}.", next.Rep, RepChooser.RoundRobinReason);
    }

    private static string LastTime(RepStanding s) =>
        s.LastAssignedAt is { } at ? Invariant($" (last given a lead {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC)") : " (never given a lead yet)";

    private static string Describe(RepChooser.LeadPlace place)
    {
        var parts = new[] { ("country", place.Country), ("region", place.Region), ("industry", place.Industry), ("company size", place.Size) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1} {p.Item2}").ToList();
        return parts.Count == 0 ? "a lead with no country, region, industry or company size" : "the lead's " + string.Join(", ", parts);
    }

    private static string NameOf(RoutingInput input, string repId) => input.Reps.FirstOrDefault(s => s.Rep.Id == repId)?.Rep.Name ?? $"'{repId}'";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
