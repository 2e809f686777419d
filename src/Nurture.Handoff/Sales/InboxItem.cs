using Nurture.Abstractions.Leads;
using Nurture.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Handoff.Sales;

/// <summary>
/// A hot lead in a rep's inbox, and why it is hot: the note of the flow that handed it over, its scores, top
/// interests, the rule hits that weigh most now, and where it came from. The inbox list and the live stream
/// send the same shape.
/// </summary>
public sealed record InboxItem(
    Guid LeadId, string? Email, string? Name, string? Company, DateTimeOffset AssignedAt, string Reason, string? LastOutcome,
    double Engagement, string Grade, double Fit, string Stage, IReadOnlyList<string> TopInterests,
    IReadOnlyList<ExplainedContribution> Why, Touch? FirstTouch, Touch? LastTouch, DateTimeOffset? LastSeen, string? Note)
{
    private const int WhyCount = 3;

    public static InboxItem From(LeadState lead, InboxEntry entry, ScoringModel model, DateTimeOffset now)
    {
        var score = LeadScorer.Report(lead.Scores, model, now, top: WhyCount);
        return new InboxItem(
            lead.Id, lead.Emails.FirstOrDefault(), Trait(lead, "name"), Trait(lead, "company"), entry.AssignedAt, entry.Reason, entry.LastOutcome,
            score.Engagement, score.Grade, score.Fit, score.Stage,
            score.Interest.Where(p => p.Value > 0).OrderByDescending(p => p.Value).Take(3).Select(p => p.Key).ToList(),
            score.TopContributions, lead.FirstTouch, lead.LastTouch, lead.Counters.LastSeen, entry.Note);
    }

    private static string? Trait(LeadState lead, string name) => lead.Traits.TryGetValue(name, out var value) ? value.Value : null;
}
