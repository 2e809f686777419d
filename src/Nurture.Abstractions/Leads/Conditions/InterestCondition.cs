namespace Nurture.Abstractions.Leads.Conditions;

/// <summary>Interest in a scoring category (its decayed points now) at least a value. Segments read the value the lead list kept when the lead last changed.</summary>
public sealed record InterestCondition(string Category, double AtLeast) : LeadCondition
{
    public override bool IsSimple => false;
}
