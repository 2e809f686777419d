using Nurture.Abstractions.Scoring;

namespace Nurture.Scoring;

/// <summary>
/// Exponential decay, exactly: a score is kept as a value at a reference time and read as
/// value × 2^(−Δt / half-life). Adding points never needs a sweep, and the result does not depend on
/// the order in which events arrive.
/// </summary>
public static class Decay
{
    public static double ValueAt(DecayingScore? score, DateTimeOffset at, TimeSpan halfLife) =>
        score is null ? 0 : score.Value * Factor(at - score.At, halfLife);

    public static DecayingScore Add(DecayingScore? score, double points, DateTimeOffset at, TimeSpan halfLife)
    {
        if (score is null) return new DecayingScore(points, at);
        // A late (out-of-order) event adds its points as they would have decayed by the reference time.
        return at >= score.At
            ? new DecayingScore(ValueAt(score, at, halfLife) + points, at)
            : new DecayingScore(score.Value + points * Factor(score.At - at, halfLife), score.At);
    }

    /// <summary>Two scores of the same category as one (a merge).</summary>
    public static DecayingScore Combine(DecayingScore a, DecayingScore b, TimeSpan halfLife) =>
        a.At >= b.At ? Add(a, b.Value, b.At, halfLife) : Add(b, a.Value, a.At, halfLife);

    public static double Factor(TimeSpan elapsed, TimeSpan halfLife) => Math.Pow(2, -elapsed.TotalSeconds / halfLife.TotalSeconds);
}
