namespace Nurture.Abstractions.Leads.Conditions;

/// <summary>The engagement or fit score at least (or below) a value.</summary>
public sealed record ScoreCondition(string Score, bool AtLeast, double Value) : LeadCondition
{
    public const string Engagement = "engagement";
    public const string Fit = "fit";

    public override bool IsSimple => true;
}
