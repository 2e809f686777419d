using Nurture.Abstractions.Scoring;

namespace Nurture.Abstractions.Leads;

/// <summary>What applying a visitor's events did: the lead that holds them now, and the score changes.</summary>
[GenerateSerializer, Immutable, Alias("nurture.ApplyResult")]
public sealed record ApplyResult(
    [property: Id(0)] Guid LeadId,
    [property: Id(1)] IReadOnlyList<ScoreChange> Changes);
