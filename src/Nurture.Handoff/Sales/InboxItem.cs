using Nurture.Abstractions.Leads;
using Nurture.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Handoff.Sales;

/// <summary>
/// A lead in a rep's inbox, and why it is there: the event that made it hot (<see cref="Tipping"/>) or the note
/// of the flow that handed it over (<see cref="FlowHandoff"/>), its scores, top interests, the rule hits that
/// weigh most now, and where it came from; where it stands (status, verdict, a won deal), how to reach them
/// (email, phone) and the newest call, meeting or note. The inbox list and the live stream send the same shape.
/// </summary>
public sealed record InboxItem(
    Guid LeadId, string? Email, string? Name, string? Company, DateTimeOffset AssignedAt, string Reason, string? LastOutcome,
    double Engagement, string Grade, double Fit, string Stage, IReadOnlyList<string> TopInterests,
    IReadOnlyList<ExplainedContribution> Why, Touch? FirstTouch, Touch? LastTouch, DateTimeOffset? LastSeen, string? Note)
{
    private const int WhyCount = 3;

    public string Status { get; init; } = InboxView.New;
    public DateTimeOffset? VerdictAt { get; init; }
    public decimal? DealValue { get; init; }
    /// <summary>yyyy-MM-dd.</summary>
    public string? ClosedOn { get; init; }
    public string? Phone { get; init; }
    public TippingEvent? Tipping { get; init; }
    public bool FlowHandoff { get; init; }
    public LastActivity? LastActivity { get; init; }

    public static InboxItem From(LeadState lead, InboxEntry entry, ScoringModel model, DateTimeOffset now)
    {
        var score = LeadScorer.Report(lead.Scores, model, now, top: WhyCount);
        return new InboxItem(
            lead.Id, lead.Emails.FirstOrDefault(), Trait(lead, "name"), Trait(lead, "company"), entry.AssignedAt, entry.Reason, entry.LastOutcome,
            score.Engagement, score.Grade, score.Fit, score.Stage,
            score.Interest.Where(p => p.Value > 0).OrderByDescending(p => p.Value).Take(3).Select(p => p.Key).ToList(),
            score.TopContributions, lead.FirstTouch, lead.LastTouch, lead.Counters.LastSeen, entry.Note)
        {
            Status = entry.Status, VerdictAt = entry.VerdictAt, DealValue = entry.DealValue,
            ClosedOn = entry.ClosedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Phone = Trait(lead, "phone"), Tipping = TippingEvent.Find(lead, entry.TippingEventId), FlowHandoff = entry.FlowHandoff,
            LastActivity = entry.LastActivity,
        };
    }

    private static string? Trait(LeadState lead, string name) => lead.Traits.TryGetValue(name, out var value) ? value.Value : null;
}
