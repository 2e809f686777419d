namespace Nurture.Abstractions.Leads.Conditions;

/// <summary>A trait of the lead (industry, job title, a form field) compared with a value.</summary>
public sealed record TraitCondition(string Trait, TextOperator Operator, string? Value) : LeadCondition
{
    public override bool IsSimple => true;
}
