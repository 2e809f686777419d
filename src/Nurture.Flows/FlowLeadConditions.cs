using Nurture.Abstractions.Flows;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Leads.Conditions;
using Nurture.Conditions;
using Nurture.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Flows;

/// <summary>
/// The condition builder's tests judged on the lead's own state, so a replay after a crash takes the same
/// path: fields, traits and scores on its lead-list row (LeadConditionMatcher, the meaning segments give
/// them), segments it is in, its interests, the run's last email, and behaviour counted over its recent
/// events (the newest 50 its state keeps; docs/segments.md says so).
/// </summary>
public static class FlowLeadConditions
{
    public static bool Holds(LeadCondition condition, LeadState lead, FlowEnrolment enrolment, ScoringModel model, DateTimeOffset now)
    {
        LeadProfile? row = null;
        return Judge(condition);

        bool Judge(LeadCondition c) => c switch
        {
            ConditionGroup { Any: true, Conditions.Count: > 0 } any => any.Conditions.Any(Judge),
            ConditionGroup all => all.Conditions.All(Judge),
            SegmentCondition segment => lead.Segments.Contains(segment.Segment) == segment.Member,
            InterestCondition interest => LeadScorer.Report(lead.Scores, model, now, top: 0).Interest.GetValueOrDefault(interest.Category) >= interest.AtLeast,
            LastEmailCondition last => (last.Clicked ? enrolment.LastEmailClicked : enrolment.LastEmailOpened) == last.Did,
            ActivityCondition activity => Count(activity) is var n && (activity.Never ? n == 0 : n >= activity.AtLeast),
            _ => LeadConditionMatcher.Matches(row ??= LeadProfiles.From(lead, model, now), c),
        };

        int Count(ActivityCondition activity)
        {
            var since = now - TimeSpan.FromDays(activity.WithinDays);
            var path = activity.PathPattern is { } p ? Glob.Parse(p, ignoreCase: false) : null;
            var link = activity.LinkPattern is { } l ? Glob.Parse(l, ignoreCase: true) : null;
            return lead.RecentEvents.Count(e =>
                e.Type == activity.Type && e.At >= since &&
                (activity.Name is null || string.Equals(e.Name, activity.Name, StringComparison.OrdinalIgnoreCase)) &&
                (activity.Template is null || e.Template == activity.Template) &&
                (path is null || PathOf(e.Url) is { } eventPath && path.IsMatch(eventPath)) &&
                (link is null || e.Url is { } url && link.IsMatch(url)));
        }
    }

    private static string? PathOf(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : null;
}
