namespace Nurture.Benchmarks.Load;

/// <summary>Latency percentiles (milliseconds) of a set of measurements, by nearest rank.</summary>
public sealed record Percentiles(int Count, double P50, double P95, double P99, double P999, double Max)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, At(50), At(95), At(99), At(99.9), sorted[^1]);
    }
}
