using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;

namespace Nurture.Leads.Tests;

/// <summary>Builds events the way ingest would, with explicit times and spool positions.</summary>
internal static class Events
{
    public static readonly Guid Site = Guid.Parse("0b0e4f5e-8c1a-4a53-9f00-6a1c2d3e4f50");
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static long seq;

    public static TrackedEvent PageView(string visitor, DateTimeOffset at, string channel = "direct", string url = "https://shop.example.com/", long? spoolSeq = null) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        SiteId = Site,
        VisitorId = visitor,
        LeadId = LeadIds.ForVisitor(Site, visitor),
        Type = EventTypes.PageView,
        Url = url,
        Source = new AcquisitionSource { Channel = channel },
        ReceivedAt = at,
        SpoolNode = "n1",
        SpoolSeq = spoolSeq ?? Interlocked.Increment(ref seq),
    };

    public static TrackedEvent Identify(string visitor, DateTimeOffset at, string email, Dictionary<string, string>? traits = null) =>
        PageView(visitor, at) with { Type = EventTypes.Identify, Url = null, Email = email, Traits = traits };
}
