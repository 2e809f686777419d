namespace Nurture.Abstractions.Scoring;

/// <summary>
/// Re-scores every lead with the current model by replaying its history, in the background, while live
/// scoring goes on. One per cluster (key "scoring"); survives restarts.
/// </summary>
[Alias("nurture.IRescoreJobGrain")]
public interface IRescoreJobGrain : IGrainWithStringKey
{
    /// <summary>Starts a run unless one is running; answers the run's status either way.</summary>
    [Alias("Start")]
    Task<RescoreStatus> StartAsync();

    [Alias("GetStatus")]
    Task<RescoreStatus> GetStatusAsync();
}

[GenerateSerializer, Immutable, Alias("nurture.RescoreStatus")]
public sealed record RescoreStatus(
    [property: Id(0)] string State,
    [property: Id(1)] int ModelVersion,
    [property: Id(2)] long LeadsRescored,
    [property: Id(3)] long LeadsWaiting,
    [property: Id(4)] long LeadsSkipped,
    [property: Id(5)] DateTimeOffset? StartedAt,
    [property: Id(6)] DateTimeOffset? FinishedAt,
    [property: Id(7)] string? LastError);
