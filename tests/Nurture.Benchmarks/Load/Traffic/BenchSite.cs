namespace Nurture.Benchmarks.Load.Traffic;

/// <summary>A site created on the server under test, and the host its simulated pages live on.</summary>
public sealed record BenchSite(Guid Id, string Key, string Host)
{
    public string Origin => $"https://{Host}";
}
