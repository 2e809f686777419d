using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Leads.Conditions;

namespace Nurture.Conditions;

/// <summary>
/// Judges a lead's own row against a simple condition with the meaning LeadConditionSql gives it on the
/// lead list (docs/segments.md), so a lead that joins in its grain is one the list would show.
/// </summary>
public static class LeadConditionMatcher
{
    public static bool Matches(LeadProfile lead, LeadCondition condition) => condition switch
    {
        ConditionGroup { Any: true, Conditions.Count: > 0 } any => any.Conditions.Any(c => Matches(lead, c)),
        ConditionGroup all => all.Conditions.All(c => Matches(lead, c)),
        FieldCondition field => Text(LeadFields.ValueOf(lead, field.Field), field.Operator, field.Value),
        TraitCondition trait => Text(lead.Traits.GetValueOrDefault(trait.Trait) ?? "", trait.Operator, trait.Value),
        ScoreCondition score => (score.Score == ScoreCondition.Fit ? lead.Fit : lead.Engagement) is var value &&
                                (score.AtLeast ? value >= score.Value : value < score.Value),
        _ => throw new ArgumentException($"{condition.GetType().Name} is not decided by the lead's row alone.", nameof(condition)),
    };

    private static bool Text(string actual, TextOperator op, string? expected)
    {
        var value = actual.ToLowerInvariant();
        var wanted = (expected ?? "").Trim().ToLowerInvariant();
        return op switch
        {
            TextOperator.Is => value == wanted,
            TextOperator.IsNot => value != wanted,
            TextOperator.Contains => value.Contains(wanted, StringComparison.Ordinal),
            TextOperator.StartsWith => value.StartsWith(wanted, StringComparison.Ordinal),
            TextOperator.IsSet => value.Length > 0,
            TextOperator.IsNotSet => value.Length == 0,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
    }
}
