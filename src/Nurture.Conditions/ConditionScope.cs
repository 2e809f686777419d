namespace Nurture.Conditions;

/// <summary>
/// Where a condition is judged: a segment on the lead list (ClickHouse), or a flow on the lead's own state
/// (which also knows interests and the run's last email, and sees the lead's recent events).
/// </summary>
public enum ConditionScope
{
    Segment,
    Flow,
}
