namespace Nurture.Abstractions.Leads.Conditions;

/// <summary>
/// "Did this at least N times in the last D days" (or, with <see cref="Never"/>, not once): events of a type,
/// narrowed by a page path pattern (<c>*</c> for any text), an event name, the email template, a link
/// pattern and event properties; counted over every lead id merged into the person.
/// </summary>
public sealed record ActivityCondition(
    string Type,
    string? PathPattern,
    string? Name,
    string? Template,
    string? LinkPattern,
    IReadOnlyList<KeyValuePair<string, string>> Props,
    int AtLeast,
    int WithinDays,
    bool Never) : LeadCondition
{
    public override bool IsSimple => false;
}
