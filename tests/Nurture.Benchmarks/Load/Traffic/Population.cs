namespace Nurture.Benchmarks.Load.Traffic;

/// <summary>
/// Who sends the events. Returning visitors are a fixed population <c>{prefix}0 … {prefix}(size-1)</c>
/// whose leads were brought to life beforehand (the memory phase does it), chosen with Zipf
/// popularity; each lives on one site, itself Zipf-popular. A share of events comes from first-time
/// visitors, each a new lead. pixel.lua implements the same rules.
/// </summary>
public sealed record Population(string Prefix, int Size, double NewVisitorShare)
{
    /// <summary>The site of returning visitor <paramref name="index"/>: stable, big sites have more visitors.</summary>
    public static int SiteOf(long index, int sites) => Zipf.Rank(sites, Zipf.StableUniform(index)) - 1;

    public string VisitorId(int index) => $"{Prefix}{index}";
}
