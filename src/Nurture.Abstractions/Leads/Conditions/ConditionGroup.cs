namespace Nurture.Abstractions.Leads.Conditions;

/// <summary>All of the conditions must hold (<see cref="Any"/> false), or at least one (<see cref="Any"/> true). An empty group holds.</summary>
public sealed record ConditionGroup(bool Any, IReadOnlyList<LeadCondition> Conditions) : LeadCondition
{
    public override bool IsSimple => Conditions.All(c => c.IsSimple);
}
