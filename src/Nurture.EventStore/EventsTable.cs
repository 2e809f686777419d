using System.Text.Json;
using Nurture.Abstractions.Events;
using Nurture.Spool;

namespace Nurture.EventStore;

/// <summary>The events table: one row per spooled <see cref="TrackedEvent"/>.</summary>
public sealed class EventsTable : ISpoolTable
{
    public string Name => "events";

    public void WriteRow(JsonRowWriter writer, SpoolRecord record, string spoolNode, Stream rows)
    {
        Write(writer, JsonSerializer.Deserialize(record.Payload.Span, SpoolJson.Reader)!, spoolNode, record.Seq, rows);
    }

    /// <summary>
    /// The same event (site, visitor, client event id) already stored from another spool. Its copy
    /// there came later (a retry), so rows from a day before this backlog on are enough to look at.
    /// </summary>
    public async Task<IReadOnlySet<long>> WrittenElsewhereAsync(ClickHouseStore store, IReadOnlyList<SpoolRecord> records, string spoolNode, CancellationToken cancellationToken)
    {
        var found = new HashSet<long>();
        // A thousand records per query (three lists of up to 1,000 values) stay under ClickHouse's max_query_size (256 KiB).
        foreach (var part in records.Chunk(1000))
        {
            var events = part.Select(r => (r.Seq, Event: JsonSerializer.Deserialize(r.Payload.Span, SpoolJson.Reader)!)).ToList();
            var since = events.Min(e => e.Event.ReceivedAt).AddDays(-1).ToUnixTimeSeconds();
            // Site and lead lead the table's sort key: the look-up reads only those leads' granules.
            var sites = string.Join(",", events.Select(e => $"'{e.Event.SiteId:D}'").Distinct());
            var leads = string.Join(",", events.Select(e => $"'{e.Event.LeadId:D}'").Distinct());
            var ids = string.Join(",", events.Select(e => ClickHouseSql.Quote(e.Event.EventId)).Distinct());
            var stored = (await store.QueryAsync(
                    $"SELECT DISTINCT toString(site_id) AS site, visitor_id, event_id FROM {Name} " +
                    $"WHERE site_id IN ({sites}) AND lead_id IN ({leads}) AND server_time >= toDateTime({since}) " +
                    $"AND spool_node != {ClickHouseSql.Quote(spoolNode)} AND event_id IN ({ids})",
                    cancellationToken))
                .Select(r => (Guid.Parse(r.GetProperty("site").GetString()!), r.GetProperty("visitor_id").GetString(), r.GetProperty("event_id").GetString()))
                .ToHashSet();
            foreach (var (seq, e) in events)
            {
                if (stored.Contains((e.SiteId, e.VisitorId, e.EventId))) found.Add(seq);
            }
        }
        return found;
    }

    /// <summary>One row: the event as read from the spool, and where the spool holds it.</summary>
    public static void Write(JsonRowWriter writer, TrackedEvent e, string spoolNode, long spoolSeq, Stream stream)
    {
        writer.Begin()
            .String("event_id", e.EventId)
            .Uuid("site_id", e.SiteId)
            .Uuid("lead_id", e.LeadId)
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
            .String("spool_node", spoolNode)
            .Number("spool_seq", spoolSeq)
            .EndTo(stream);
    }
}
