namespace Nurture.Scoring.Predictive;

/// <summary>The active predictive model and its version, as loaded on this node.</summary>
public sealed record ActivePredictiveModel(int Version, PredictiveModel Model);

/// <summary>
/// Where scoring code finds the active predictive model. <see cref="Active"/> is null when none is
/// active or it could not be loaded (<see cref="Problem"/> says why): callers then skip the predictive
/// part and rule scoring carries on.
/// </summary>
public interface IPredictiveModelSource
{
    ActivePredictiveModel? Active { get; }

    /// <summary>Why the active version is not usable (for example a corrupt stored model), or null.</summary>
    string? Problem { get; }
}
