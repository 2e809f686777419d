using Nurture.Abstractions.Leads;

namespace Nurture.Server.Apis;

/// <summary>A lead as the API shows it. <see cref="ResolvedFrom"/> is set when the asked-for id merged away.</summary>
public sealed record LeadResponse(
    Guid Id,
    Guid? ResolvedFrom,
    bool Known,
    IReadOnlyList<string> Emails,
    IReadOnlyDictionary<string, TraitValue> Traits,
    IReadOnlyList<TraitChange> TraitHistory,
    Touch? FirstTouch,
    Touch? LastTouch,
    LeadCounters Counters,
    string? TimeZone,
    string? Language,
    IReadOnlyList<VisitorActivity> Visitors,
    IReadOnlyList<Guid> MergedIds,
    IReadOnlyList<EventSummary> RecentEvents,
    DateTimeOffset? CreatedAt,
    string? Owner,
    ConsentState? Consent,
    IReadOnlyList<string> Segments)
{
    public static LeadResponse From(LeadState state, Guid requested) => new(
        state.Id,
        requested == state.Id ? null : requested,
        state.IsKnown,
        state.Emails,
        state.Traits,
        state.TraitHistory,
        state.FirstTouch,
        state.LastTouch,
        state.Counters,
        state.TimeZone,
        state.Language,
        state.Visitors,
        state.MergedFrom,
        state.RecentEvents,
        state.CreatedAt,
        state.Owner,
        state.Consent,
        state.Segments);
}
