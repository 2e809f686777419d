namespace Nurture.Handoff.Routing;

/// <summary>
/// The assignment rules there are, what each is called in the console, and the order a workspace starts
/// with (every rule on, which is how leads were assigned before the order could be changed).
/// </summary>
public static class RuleKinds
{
    public const string Owner = "owner";
    public const string Previous = "previous";
    public const string WorkingHours = "working_hours";
    public const string Territory = "territory";
    public const string RoundRobin = "round_robin";

    public static readonly IReadOnlyList<RoutingRule> Defaults =
    [
        new(Owner, true), new(Previous, true), new(WorkingHours, true), new(Territory, true), new(RoundRobin, true),
    ];

    public static bool IsKnown(string? kind) => Defaults.Any(r => r.Kind == kind);

    public static string Label(string kind) => kind switch
    {
        Owner => "Existing owner keeps the lead",
        Previous => "The rep who had the lead before gets it again",
        WorkingHours => "Prefer reps within their working hours",
        Territory => "Territory match",
        RoundRobin => "Round robin among reps without a territory",
        _ => kind,
    };

    public static string Description(string kind) => kind switch
    {
        Owner => "A lead with an owner goes to that rep, however many leads they hold, unless they are inactive or out of office.",
        Previous => "A lead assigned before goes to the same rep again, unless they are inactive or out of office.",
        WorkingHours => "For the rules below it: when some available reps are within their working hours now, only they are considered. When nobody is, everyone available stays in.",
        Territory => "The least recently assigned available rep whose territory holds the lead's country, region, industry and company size (every list the rep has).",
        RoundRobin => "The least recently assigned available rep without a territory. While the territory rule is on, reps with a territory take only leads from it.",
        _ => "",
    };

    /// <summary>
    /// A stored order made whole: unknown and repeated kinds dropped, a kind added since it was stored put at its
    /// default place (so a rule a new version brings takes effect without anyone saving the order again).
    /// </summary>
    public static IReadOnlyList<RoutingRule> Complete(IEnumerable<RoutingRule> stored)
    {
        var rules = new List<RoutingRule>();
        foreach (var rule in stored)
        {
            if (IsKnown(rule.Kind) && rules.All(r => r.Kind != rule.Kind)) rules.Add(rule);
        }
        for (var i = 0; i < Defaults.Count; i++)
        {
            if (rules.All(r => r.Kind != Defaults[i].Kind)) rules.Insert(Math.Min(i, rules.Count), Defaults[i]);
        }
        return rules;
    }
}
