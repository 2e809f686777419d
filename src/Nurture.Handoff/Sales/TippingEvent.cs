using Nurture.Abstractions.Leads;

namespace Nurture.Handoff.Sales;

/// <summary>
/// The event that pushed a lead over the hot threshold (its alert's event), as the inbox names it first under
/// "why hot": what it was (type, page or link, title, custom name, email template), when, and the rule and
/// points it earned. The console words it ("Clicked /pricing in the email 'Spring offer'").
/// </summary>
public sealed record TippingEvent(
    string Type, string? Name, string? Url, string? Title, string? TemplateId, DateTimeOffset? At, string? RuleId, double? Points)
{
    /// <summary>The email's name when the event belongs to one (filled in by the API from the template).</summary>
    public string? TemplateName { get; init; }

    /// <summary>What the lead's recent events and rule hits know of the event; null when neither holds it any more.</summary>
    public static TippingEvent? Find(LeadState lead, string? eventId)
    {
        if (eventId is null) return null;
        var hits = lead.Scores.Contributions.Where(c => c.EventId == eventId).ToList();
        var top = hits.MaxBy(c => c.Points);
        var seen = lead.RecentEvents.Find(e => e.EventId == eventId);
        if (seen is null && top is null) return null;
        return new TippingEvent(
            seen?.Type ?? "", seen?.Name, seen?.Url ?? top?.Url, seen?.Title, seen?.Template, seen?.At ?? top?.At, top?.RuleId,
            top is null ? null : hits.Sum(c => c.Points));
    }
}
