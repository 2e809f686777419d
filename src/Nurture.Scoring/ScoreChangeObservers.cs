using Nurture.Abstractions.Scoring;

namespace Nurture.Scoring;

public static class ScoreChangeObservers
{
    /// <summary>
    /// Tells every observer at once and returns when all have taken the changes. They are independent
    /// (the ClickHouse history waits for its spool's fsync, the hand-off for PostgreSQL), so a hot lead's
    /// alert does not queue behind the history's disk write.
    /// </summary>
    public static async Task NotifyAllAsync(this IEnumerable<IScoreChangeObserver> observers, IReadOnlyList<ScoreChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0) return;
        await Task.WhenAll(observers.Select(observer => observer.OnChangesAsync(changes, cancellationToken).AsTask()));
    }
}
