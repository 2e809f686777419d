namespace Nurture.Abstractions.Leads.Conditions;

/// <summary>In (or not in) another segment, as of that segment's last refresh.</summary>
public sealed record SegmentCondition(string Segment, bool Member) : LeadCondition
{
    public override bool IsSimple => false;
}
