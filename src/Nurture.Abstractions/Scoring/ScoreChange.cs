namespace Nurture.Abstractions.Scoring;

/// <summary>
/// One change to a lead's scores, as the lead grain reports it: a rule that fired, a new fit, or a
/// stage change. The dispatcher writes them to ClickHouse (score_changes) and hands them to whatever
/// reacts to them (a lead entering "hot" is the hand-off's trigger).
/// </summary>
[GenerateSerializer, Immutable, Alias("nurture.ScoreChange")]
public sealed record ScoreChange
{
    public const string RuleKind = "rule";
    public const string FitKind = "fit";
    public const string StageKind = "stage";
    /// <summary>A lead entered a flow step (Key "flow/step", Category the flow), or finished a flow (Key "flow/#goal" and the like).</summary>
    public const string FlowKind = "flow";

    [Id(0)] public required Guid LeadId { get; init; }
    [Id(1)] public required string Kind { get; init; }
    /// <summary>The event that caused it; with Kind and Key it identifies the change (replays are dropped by it).</summary>
    [Id(2)] public required string EventId { get; init; }
    /// <summary>Rule id, "fit", or the new stage.</summary>
    [Id(3)] public required string Key { get; init; }
    [Id(4)] public string Category { get; init; } = "";
    [Id(5)] public double Points { get; init; }
    [Id(6)] public double Engagement { get; init; }
    [Id(7)] public double Fit { get; init; }
    [Id(8)] public string Grade { get; init; } = "D";
    [Id(9)] public string Stage { get; init; } = LeadStages.Anonymous;
    [Id(10)] public string? PreviousStage { get; init; }
    [Id(11)] public required DateTimeOffset At { get; init; }
    [Id(12)] public int ModelVersion { get; init; }

    /// <summary>The lead entered "hot": sales must hear of it at once.</summary>
    public bool EntersHot => Kind == StageKind && Stage == LeadStages.Hot;
}
