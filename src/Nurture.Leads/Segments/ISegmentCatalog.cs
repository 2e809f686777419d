using Nurture.Abstractions.Leads;

namespace Nurture.Leads.Segments;

/// <summary>A segment a lead judges itself on each save: its filter needs nothing but the lead's own row.</summary>
public sealed record LiveSegment(string Id, LeadFilter Filter);

/// <summary>The segments whose membership lead grains keep current themselves (the simple ones).</summary>
public interface ISegmentCatalog
{
    IReadOnlyList<LiveSegment> Live { get; }
}

/// <summary>A fixed list, for tests and hosts without segments.</summary>
public sealed class StaticSegmentCatalog(params LiveSegment[] segments) : ISegmentCatalog
{
    public IReadOnlyList<LiveSegment> Live { get; } = segments;
}
