using Nurture.Abstractions.Events;
using Nurture.Abstractions.Flows;
using Nurture.Abstractions.Leads;
using Nurture.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Flows;

/// <summary>Evaluates branch conditions and goals against the lead as it is now.</summary>
public static class FlowConditions
{
    public static bool Holds(FlowCondition condition, LeadState lead, FlowEnrolment enrolment, ScoringModel model, DateTimeOffset now, TrackedEvent? e = null)
    {
        if (condition.Event is { } match && (e is null || !match.Matches(e))) return false;
        if (condition.Stages is { } stages && !stages.Contains(lead.Scores.Stage)) return false;
        if (condition.Grades is { } grades && !grades.Contains(lead.Scores.Grade)) return false;
        if (condition.Trait is { } trait &&
            !(lead.Traits.TryGetValue(trait, out var value) && string.Equals(value.Value, condition.TraitEquals, StringComparison.OrdinalIgnoreCase)))
            return false;
        if (condition.Channel is { } channel && lead.FirstTouch?.Source.Channel != channel) return false;
        if (condition.Interest is { } category &&
            LeadScorer.Report(lead.Scores, model, now, top: 0).Interest.GetValueOrDefault(category) < condition.AtLeast)
            return false;
        if (condition.OpenedLastEmail is { } opened && enrolment.LastEmailOpened != opened) return false;
        if (condition.ClickedLastEmail is { } clicked && enrolment.LastEmailClicked != clicked) return false;
        return condition.Lead is null || FlowLeadConditions.Holds(condition.Lead, lead, enrolment, model, now);
    }
}
