using Nurture.Abstractions.Leads;

namespace Nurture.Handoff.Routing;

/// <summary>Everything the rules read to place one lead, so that <see cref="RoutingEvaluator"/> needs no database.</summary>
/// <param name="TakenFrom">The rep who had the lead and did not answer in time: never chosen again for it.</param>
/// <param name="PreviousRepId">The rep of the lead's newest earlier assignment, if any.</param>
/// <param name="Reps">Every rep, in any order.</param>
public sealed record RoutingInput(LeadState Lead, string? TakenFrom, string? PreviousRepId, IReadOnlyList<RepStanding> Reps, DateTimeOffset Now);
