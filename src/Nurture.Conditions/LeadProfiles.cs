using Nurture.Abstractions.Leads;
using Nurture.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Conditions;

/// <summary>Flattens a lead's state into its lead-list row: what the list shows and conditions judge.</summary>
public static class LeadProfiles
{
    public static LeadProfile From(LeadState state, ScoringModel model, DateTimeOffset now)
    {
        string? Trait(string name) => state.Traits.TryGetValue(name, out var value) ? value.Value : null;
        var first = state.FirstTouch;
        var last = state.LastTouch;
        return new LeadProfile
        {
            LeadId = state.Id,
            Version = state.ProfileVersion,
            MergedInto = state.MergedInto,
            CreatedAt = state.CreatedAt,
            LastSeen = state.Counters.LastSeen,
            Email = state.Emails.Count > 0 ? state.Emails[0] : null,
            Emails = state.Emails,
            Name = Trait("name") ?? JoinName(Trait("last_name"), Trait("first_name")),
            Company = Trait("company"),
            Phone = Trait("phone"),
            Traits = state.Traits.ToDictionary(p => p.Key, p => p.Value.Value, StringComparer.Ordinal),
            Stage = state.Scores.Stage,
            Grade = state.Scores.Grade,
            Engagement = Math.Round(LeadScorer.Engagement(state.Scores, model, now), 2),
            Fit = state.Scores.Fit,
            Owner = state.Owner,
            Consent = state.Consent?.Status,
            FirstChannel = first?.Source.Channel,
            FirstSource = first?.Source.UtmSource,
            FirstCampaign = first?.Source.UtmCampaign,
            FirstTouchAt = first?.At,
            LastChannel = last?.Source.Channel,
            LastSource = last?.Source.UtmSource,
            LastCampaign = last?.Source.UtmCampaign,
            Sessions = state.Counters.Sessions,
            PageViews = state.Counters.PageViews,
            Events = state.Counters.Events,
            Sites = state.Visitors.Select(v => v.SiteId).Distinct().ToList(),
            HistoryIds = state.HistoryIds,
            Segments = state.Segments,
            Interests = LeadScorer.Report(state.Scores, model, now, top: 0).Interest,
        };
    }

    private static string? JoinName(string? last, string? first) =>
        last is null && first is null ? null : string.Join(' ', new[] { last, first }.Where(p => p is not null));
}
