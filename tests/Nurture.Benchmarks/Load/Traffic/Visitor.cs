namespace Nurture.Benchmarks.Load.Traffic;

/// <summary>One simulated person: where, who, and a number that fixes their browser, source and whether they identify.</summary>
public readonly record struct Visitor(BenchSite Site, string Id, long Number)
{
    public string UserAgent => TrafficVocabulary.UserAgents[(int)(Number % TrafficVocabulary.UserAgents.Count)];
    public TrafficVocabulary.Source Source => TrafficVocabulary.Sources[(int)(Number % TrafficVocabulary.Sources.Count)];
    public string TimeZone => TrafficVocabulary.TimeZones[(int)(Number % TrafficVocabulary.TimeZones.Count)].Value;

    /// <summary>One visitor in ten identifies (fixed per visitor, so the same people do it every run).</summary>
    public bool Identifies => Number % 10 == 3;

    public string Email => $"{Id}@{Site.Host}";
}
