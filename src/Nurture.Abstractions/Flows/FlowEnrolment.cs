namespace Nurture.Abstractions.Flows;

/// <summary>A lead's run through one flow: where it stands, what it waits for, and the way it came.</summary>
[GenerateSerializer, Alias("nurture.FlowEnrolment")]
public sealed class FlowEnrolment
{
    public const string Active = "active";
    public const string Completed = "completed";
    public const string GoalReached = "goal";
    public const string Exited = "exited";

    /// <summary>Derived from the lead, the flow and the event that enrolled it: a replay enrols it as the same run.</summary>
    [Id(0)] public required string Id { get; set; }
    [Id(1)] public required string FlowId { get; set; }
    [Id(2)] public string StepId { get; set; } = "";
    [Id(3)] public DateTimeOffset EnteredAt { get; set; }
    /// <summary>When the current wait (or wait-for-event time-out) ends.</summary>
    [Id(4)] public DateTimeOffset? WaitUntil { get; set; }
    [Id(5)] public string Status { get; set; } = Active;
    [Id(6)] public Guid? LastSendId { get; set; }
    [Id(7)] public bool LastEmailOpened { get; set; }
    [Id(8)] public bool LastEmailClicked { get; set; }
    [Id(9)] public List<FlowStepVisit> Path { get; set; } = [];
    [Id(10)] public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>For a chosen email: the learning key (flow, step, segment) and the variant, so its click teaches the chooser.</summary>
    [Id(11)] public string? LastChoiceKey { get; set; }
    [Id(12)] public string? LastChoiceTemplate { get; set; }
}

[GenerateSerializer, Immutable, Alias("nurture.FlowStepVisit")]
public sealed record FlowStepVisit([property: Id(0)] string StepId, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string? Note);
