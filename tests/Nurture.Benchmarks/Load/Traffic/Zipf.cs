namespace Nurture.Benchmarks.Load.Traffic;

/// <summary>
/// Zipf-like popularity (exponent 1): rank k of n comes up with probability ln((k+1)/k) / ln(n+1),
/// about 1/(k ln n). Drawn as floor((n+1)^u) for a uniform u, the same closed form pixel.lua uses,
/// so the C# and wrk generators share one shape without a table.
/// </summary>
public static class Zipf
{
    public static int Rank(int n, Random random) => Rank(n, random.NextDouble());

    public static int Rank(int n, double u) => Math.Clamp((int)Math.Pow(n + 1, u), 1, n);

    /// <summary>
    /// A fixed "uniform" number for an index (multiplicative hashing, exact in integer arithmetic, so
    /// Lua's doubles compute the very same value): gives every visitor a stable, Zipf-distributed site.
    /// </summary>
    public static double StableUniform(long index) => (index * 2654435761L % 4294967296L) / 4294967296.0;
}
