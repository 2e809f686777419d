namespace Nurture.Abstractions.Scoring;

/// <summary>
/// A lead's running scores. Interest is kept per category as a value at a reference time, so decay
/// is applied exactly and in O(1) when an event arrives or a score is read, never by a sweep.
/// </summary>
[GenerateSerializer, Alias("nurture.LeadScores")]
public sealed class LeadScores
{
    /// <summary>The scoring model version these scores follow.</summary>
    [Id(0)] public int ModelVersion { get; set; }
    [Id(1)] public Dictionary<string, DecayingScore> Interest { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, RuleUsage> RuleUsage { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The newest rule hits, kept to explain the score ("why is this lead hot").</summary>
    [Id(3)] public List<ScoreContribution> Contributions { get; set; } = [];
    [Id(4)] public double Fit { get; set; }
    [Id(5)] public string Grade { get; set; } = "D";
    [Id(6)] public List<string> FitRules { get; set; } = [];
    [Id(7)] public string Stage { get; set; } = LeadStages.Anonymous;
    [Id(8)] public List<StageChange> StageHistory { get; set; } = [];
}

/// <summary>A score's value at a reference time; its value later is Value × 2^(−Δt / half-life).</summary>
[GenerateSerializer, Immutable, Alias("nurture.DecayingScore")]
public sealed record DecayingScore([property: Id(0)] double Value, [property: Id(1)] DateTimeOffset At);

/// <summary>How often a rule has fired for a lead, for its caps.</summary>
[GenerateSerializer, Alias("nurture.RuleUsage")]
public sealed class RuleUsage
{
    [Id(0)] public long Total { get; set; }
    [Id(1)] public DateOnly Day { get; set; }
    [Id(2)] public int DayCount { get; set; }
    [Id(3)] public string? LastSession { get; set; }
}

[GenerateSerializer, Immutable, Alias("nurture.ScoreContribution")]
public sealed record ScoreContribution(
    [property: Id(0)] string EventId,
    [property: Id(1)] string RuleId,
    [property: Id(2)] string Category,
    [property: Id(3)] double Points,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string? Url);

[GenerateSerializer, Immutable, Alias("nurture.StageChange")]
public sealed record StageChange(
    [property: Id(0)] string From,
    [property: Id(1)] string To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Reason);
