namespace Nurture.Abstractions.Leads.Conditions;

/// <summary>Interest in a scoring category (its decayed points now) at least a value. Flows only: the lead list keeps no interests.</summary>
public sealed record InterestCondition(string Category, double AtLeast) : LeadCondition
{
    public override bool IsSimple => false;
}
