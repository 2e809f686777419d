using Nurture.Abstractions.Events;
using Nurture.Ingest.Pipeline;

namespace Nurture.Email.Tracking;

/// <summary>
/// Opens, clicks and unsubscribes become events of the lead, through the same spool as web events, so
/// they are scored, kept in ClickHouse and shown in the timeline like everything else.
/// </summary>
public sealed class EmailEvents(IngestPipeline pipeline, TimeProvider time)
{
    public const string Open = "email_open";
    public const string Click = "email_click";
    public const string Unsubscribe = "email_unsubscribe";
    public const string Bounce = "email_bounce";

    public Task RecordAsync(string type, Guid leadId, Guid sendId, string templateId, string? url, bool machine, string? userAgent, CancellationToken cancellationToken)
    {
        var e = new TrackedEvent
        {
            EventId = Guid.NewGuid().ToString("N"),
            // Not a website visit: no site, and a visitor id that names the lead.
            SiteId = Guid.Empty,
            VisitorId = $"email:{leadId:N}",
            LeadId = leadId,
            Type = type,
            Url = url,
            Source = new AcquisitionSource { Channel = "email" },
            IsBot = machine,
            DeviceClass = machine ? "bot" : "unknown",
            PropKeys = ["send_id", "template_id"],
            PropValues = [sendId.ToString("N"), templateId],
            ReceivedAt = time.GetUtcNow(),
            UserAgent = userAgent is { Length: > 1024 } ? userAgent[..1024] : userAgent,
        };
        return pipeline.AppendServerEventsAsync([e], cancellationToken);
    }
}
