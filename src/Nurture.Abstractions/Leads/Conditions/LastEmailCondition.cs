namespace Nurture.Abstractions.Leads.Conditions;

/// <summary>Whether the flow's last email was opened (or clicked), or not. Flows only: it is about one run of a flow.</summary>
public sealed record LastEmailCondition(bool Clicked, bool Did) : LeadCondition
{
    public override bool IsSimple => false;
}
