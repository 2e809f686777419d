namespace Nurture.Benchmarks.Load;

/// <summary>What one wrk run measured (from report.lua's line). Latencies in milliseconds.</summary>
public sealed record WrkResult(
    long Requests, TimeSpan Duration, long SocketErrors, long Non2xx, long Timeouts,
    double P50, double P90, double P95, double P99, double P999, double Max)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;
}
