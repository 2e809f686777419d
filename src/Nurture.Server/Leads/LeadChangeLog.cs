using Nurture.Abstractions.Leads;

namespace Nurture.Server.Leads;

/// <summary>One recorded change: what, from which value to which, who did it, when.</summary>
public sealed record LeadChangeEntry(DateTimeOffset At, string Field, string? OldValue, string? NewValue, string Actor);

/// <summary>
/// A lead's change history as GET /api/leads/{id}/history shows it, newest first: trait, consent and
/// owner changes with who made them (tracker, flow, import, user, key, merge), and stage moves.
/// </summary>
public static class LeadChangeLog
{
    public static IReadOnlyList<LeadChangeEntry> From(LeadState state) =>
        state.TraitHistory
            .Select(c => new LeadChangeEntry(c.At, c.Trait, c.OldValue, c.NewValue.Length == 0 ? null : c.NewValue, c.Source))
            .Concat(state.Scores.StageHistory.Select(s => new LeadChangeEntry(s.At, "stage", s.From, s.To, $"scoring: {s.Reason}")))
            .OrderByDescending(e => e.At)
            .ToList();
}
