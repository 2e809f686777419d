using Nurture.Handoff.Reps;

namespace Nurture.Handoff.Routing;

/// <summary>Who gets the lead, which rule decided (null: none did, the fallback queue), and what each rule and each rep looked like.</summary>
public sealed record RoutingDecision(Assignment Assignment, string? DecidedBy, IReadOnlyList<RuleStep> Steps, IReadOnlyList<RepCheck> Reps);

/// <summary>What one rule did for the lead, in words.</summary>
/// <param name="Outcome">chose, none (chose nobody), narrowed or kept (the working-hours rule), off, or skipped (an earlier rule chose).</param>
/// <param name="RepId">The rep it chose, when it chose one.</param>
public sealed record RuleStep(string Kind, string Label, bool Enabled, string Outcome, string Detail, string? RepId);

/// <summary>
/// A rep as routing sees them now: available for new leads (active, not out of office, under capacity, not the
/// rep the lead was taken from) or not, and why, in words.
/// </summary>
/// <param name="NextWorkStart">When their next working hours begin, in their time zone ("Mon 09:00"); null without hours.</param>
public sealed record RepCheck(
    string RepId, string Name, bool Available, string Status, int OpenLeads, int Capacity, DateTimeOffset? LastAssignedAt,
    bool OutOfOffice, bool AtWork, string? NextWorkStart);
