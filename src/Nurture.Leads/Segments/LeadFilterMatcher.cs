using Nurture.Abstractions.Leads;
using Nurture.Conditions;

namespace Nurture.Leads.Segments;

/// <summary>
/// Judges a lead's own row against a simple filter with the same meaning as the lead list's SQL
/// (LeadFilterSql), so a lead that joins in its grain is one the list would show in the segment.
/// </summary>
public static class LeadFilterMatcher
{
    public static bool Matches(LeadProfile lead, LeadFilter filter)
    {
        if (!filter.IsSimple) throw new ArgumentException("Only a simple filter can be judged on one lead.", nameof(filter));
        if (filter.Search is { Length: > 0 } search &&
            !$"{lead.Email} {lead.Name} {lead.Company} {lead.Phone}".Contains(search, StringComparison.OrdinalIgnoreCase)) return false;
        if (filter.Stages.Count > 0 && !filter.Stages.Contains(lead.Stage)) return false;
        if (filter.Grades.Count > 0 && !filter.Grades.Contains(lead.Grade)) return false;
        if (filter.Owner is { } owner && owner != (lead.Owner ?? "")) return false;
        var (channel, source, campaign) = filter.LastTouch
            ? (lead.LastChannel, lead.LastSource, lead.LastCampaign)
            : (lead.FirstChannel, lead.FirstSource, lead.FirstCampaign);
        if (filter.Channel is { } c && c != (channel ?? "")) return false;
        if (filter.Source is { } s && s != (source ?? "")) return false;
        if (filter.Campaign is { } k && k != (campaign ?? "")) return false;
        if (filter.Consent is { } consent && consent != (lead.Consent ?? "")) return false;
        if (filter.MinEngagement is { } engagement && lead.Engagement < engagement) return false;
        if (filter.MinFit is { } fit && lead.Fit < fit) return false;
        if (filter.CreatedFrom is { } from && !(lead.CreatedAt >= from)) return false;
        if (filter.CreatedTo is { } to && !(lead.CreatedAt < to)) return false;
        if (filter.KnownOnly && string.IsNullOrEmpty(lead.Email)) return false;
        foreach (var (name, value) in filter.Traits)
        {
            if ((lead.Traits.GetValueOrDefault(name) ?? "") != value) return false;
        }
        return filter.Condition is null || LeadConditionMatcher.Matches(lead, filter.Condition);
    }
}
