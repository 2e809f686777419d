namespace Nurture.Abstractions.Leads.Conditions;

/// <summary>One of the lead's own fields (<see cref="LeadFields"/>) compared with a value.</summary>
public sealed record FieldCondition(string Field, TextOperator Operator, string? Value) : LeadCondition
{
    public override bool IsSimple => true;
}

/// <summary>The lead fields a condition may name: the lead list's columns of the same names.</summary>
public static class LeadFields
{
    public static readonly IReadOnlyList<string> All =
    [
        "email", "name", "company", "phone", "stage", "grade", "owner", "consent",
        "first_channel", "first_source", "first_campaign", "last_channel", "last_source", "last_campaign",
    ];

    /// <summary>The field's value on a lead's row, empty when unset.</summary>
    public static string ValueOf(LeadProfile lead, string field) => field switch
    {
        "email" => lead.Email,
        "name" => lead.Name,
        "company" => lead.Company,
        "phone" => lead.Phone,
        "stage" => lead.Stage,
        "grade" => lead.Grade,
        "owner" => lead.Owner,
        "consent" => lead.Consent,
        "first_channel" => lead.FirstChannel,
        "first_source" => lead.FirstSource,
        "first_campaign" => lead.FirstCampaign,
        "last_channel" => lead.LastChannel,
        "last_source" => lead.LastSource,
        "last_campaign" => lead.LastCampaign,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a lead field"),
    } ?? "";
}
