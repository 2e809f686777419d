using Nurture.Abstractions.Events;

namespace Nurture.Ingest.Pipeline;

/// <summary>
/// Events the server itself observes about a lead (an email opened, a call logged) rather than a website
/// sends: no site, a visitor id that names the channel and the lead, so the timeline shows them as their own
/// kind of activity. Appended with <see cref="IngestPipeline.AppendServerEventsAsync"/>.
/// </summary>
public static class ServerEvents
{
    public static TrackedEvent Of(
        string eventId, string channel, string type, Guid leadId, IReadOnlyList<string> propKeys, IReadOnlyList<string> propValues, DateTimeOffset at) => new()
    {
        EventId = eventId,
        SiteId = Guid.Empty,
        VisitorId = $"{channel}:{leadId:N}",
        LeadId = leadId,
        Type = type,
        Source = new AcquisitionSource { Channel = channel },
        PropKeys = propKeys,
        PropValues = propValues,
        ReceivedAt = at,
    };
}
