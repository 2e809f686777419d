namespace Nurture.Abstractions.Leads.Conditions;

/// <summary>
/// A test on a lead, as the console's condition builder makes it for segments and flows: groups where all
/// or any must hold, and leaves on the lead's fields, traits, scores, segments and behaviour. The meaning
/// of each leaf is written once, in docs/segments.md; the lead list's SQL (LeadConditionSql) and the
/// lead's own judgment (LeadConditionMatcher) both follow it.
/// </summary>
public abstract record LeadCondition
{
    /// <summary>Decided by the lead's own row alone (no event counts, no other segment), so a lead can judge it as it saves.</summary>
    public abstract bool IsSimple { get; }
}
