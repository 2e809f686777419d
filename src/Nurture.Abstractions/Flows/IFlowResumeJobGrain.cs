namespace Nurture.Abstractions.Flows;

/// <summary>
/// Wakes the open runs of a flow that was started again after a pause: while it was paused their
/// leads dropped the timers and reminders of its waits. One per flow (key: the flow id); survives restarts.
/// </summary>
[Alias("nurture.IFlowResumeJobGrain")]
public interface IFlowResumeJobGrain : IGrainWithStringKey
{
    /// <summary>Walks the flow's open runs from the first; a walk already going starts over.</summary>
    [Alias("Start")]
    Task StartAsync();
}
