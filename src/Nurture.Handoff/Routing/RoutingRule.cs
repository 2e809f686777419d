namespace Nurture.Handoff.Routing;

/// <summary>One assignment rule and whether it is on; the rules are tried in the order they are stored.</summary>
/// <param name="Kind">One of <see cref="RuleKinds"/>.</param>
public sealed record RoutingRule(string Kind, bool Enabled);
