using Nurture.Abstractions.Scoring;

namespace Nurture.Scoring;

/// <summary>
/// Receives every score change the lead dispatcher gets back from lead grains, before it moves its
/// checkpoint. The seam for what reacts to scores: the ClickHouse history, and the hand-off to sales
/// when a lead enters "hot".
/// </summary>
public interface IScoreChangeObserver
{
    ValueTask OnChangesAsync(IReadOnlyList<ScoreChange> changes, CancellationToken cancellationToken);
}
