using System.Text.Json;
using Nurture.Abstractions.Events;
using Nurture.Ingest.Pipeline;
using Nurture.Ingest.Spool;

namespace Nurture.EventStore;

/// <summary>The events table: one row per spooled <see cref="TrackedEvent"/>.</summary>
public sealed class EventsTable : ISpoolTable
{
    public string Name => "events";

    public void WriteRow(JsonRowWriter writer, SpoolRecord record, string spoolNode, Stream rows)
    {
        var e = JsonSerializer.Deserialize(record.Payload.Span, SpoolJson.Default.TrackedEvent)! with { SpoolNode = spoolNode, SpoolSeq = record.Seq };
        Write(writer, e, rows);
    }

    public static void Write(JsonRowWriter writer, TrackedEvent e, Stream stream)
    {
        writer.Begin()
            .String("event_id", e.EventId)
            .String("site_id", e.SiteId.ToString("D"))
            .String("lead_id", e.LeadId.ToString("D"))
            .String("visitor_id", e.VisitorId)
            .String("type", e.Type)
            .String("name", e.Name)
            .String("url", e.Url)
            .String("host", e.Host)
            .String("path", e.Path)
            .String("query", e.Query)
            .String("referrer", e.Referrer)
            .String("referrer_host", e.ReferrerHost)
            .String("title", e.Title)
            .String("channel", e.Source.Channel)
            .String("utm_source", e.Source.UtmSource)
            .String("utm_medium", e.Source.UtmMedium)
            .String("utm_campaign", e.Source.UtmCampaign)
            .String("utm_term", e.Source.UtmTerm)
            .String("utm_content", e.Source.UtmContent)
            .String("click_id_name", e.Source.ClickIdName)
            .String("click_id", e.Source.ClickId)
            .String("device_class", e.DeviceClass)
            .String("browser", e.Browser)
            .String("os", e.Os)
            .Number("is_bot", e.IsBot ? 1 : 0)
            .Strings("prop_keys", e.PropKeys)
            .Strings("prop_values", e.PropValues)
            .String("email", e.Email)
            .Strings("trait_keys", e.Traits?.Keys ?? [])
            .Strings("trait_values", e.Traits?.Values ?? [])
            .NullableNumber("client_time", e.ClientTime?.ToUnixTimeSeconds())
            .Number("server_time", e.ReceivedAt.ToUnixTimeSeconds())
            .Number("server_ms", e.ReceivedAt.ToUnixTimeMilliseconds())
            .String("user_agent", e.UserAgent)
            .String("client_ip", e.ClientIp)
            .String("spool_node", e.SpoolNode)
            .Number("spool_seq", e.SpoolSeq)
            .EndTo(stream);
    }
}
