using System.Globalization;
using System.Text.Json;
using Nurture.Abstractions.Events;

namespace Nurture.EventStore;

/// <summary>
/// A lead's complete event history from ClickHouse, rebuilt as <see cref="TrackedEvent"/>s in the order
/// live ingest saw them, so it can be replayed (re-scoring).
/// </summary>
public sealed class LeadHistory(ClickHouseStore store)
{
    public async Task<List<TrackedEvent>> ReadAsync(IReadOnlyCollection<Guid> siteIds, IReadOnlyCollection<Guid> leadIds, CancellationToken cancellationToken)
    {
        if (siteIds.Count == 0 || leadIds.Count == 0) return [];
        var rows = await store.QueryAsync($"""
            SELECT event_id, toString(site_id) AS site, toString(lead_id) AS lead, visitor_id, type, name, url, host, path, query,
                   referrer, referrer_host, title, channel, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
                   click_id_name, click_id, device_class, browser, os, is_bot, prop_keys, prop_values, email, trait_keys, trait_values,
                   toString(server_ms) AS ms, spool_node, toString(spool_seq) AS seq
            FROM events
            WHERE site_id IN ({ClickHouseSql.List(siteIds)}) AND lead_id IN ({ClickHouseSql.List(leadIds)})
              AND type NOT IN ({RecordOnlyTypes})
            ORDER BY server_ms, spool_node, spool_seq
            """, cancellationToken);
        return rows.Select(Read).ToList();
    }

    /// <summary>What the lead grain never saw (<see cref="RecordOnlyEvents"/>) is not replayed to it either.</summary>
    private static readonly string RecordOnlyTypes = ClickHouseSql.List([
        RecordOnlyEvents.EmailSent, RecordOnlyEvents.EmailSuppressed, RecordOnlyEvents.EmailBounce, RecordOnlyEvents.EmailComplaint]);

    private static TrackedEvent Read(JsonElement row)
    {
        var traitKeys = ClickHouseRows.Texts(row, "trait_keys");
        var traitValues = ClickHouseRows.Texts(row, "trait_values");
        return new TrackedEvent
        {
            EventId = ClickHouseRows.Text(row, "event_id") ?? "",
            SiteId = Guid.Parse(ClickHouseRows.Text(row, "site")!),
            LeadId = Guid.Parse(ClickHouseRows.Text(row, "lead")!),
            VisitorId = ClickHouseRows.Text(row, "visitor_id") ?? "",
            Type = ClickHouseRows.Text(row, "type") ?? "",
            Name = ClickHouseRows.Text(row, "name"),
            Url = ClickHouseRows.Text(row, "url"),
            Host = ClickHouseRows.Text(row, "host"),
            Path = ClickHouseRows.Text(row, "path"),
            Query = ClickHouseRows.Text(row, "query"),
            Referrer = ClickHouseRows.Text(row, "referrer"),
            ReferrerHost = ClickHouseRows.Text(row, "referrer_host"),
            Title = ClickHouseRows.Text(row, "title"),
            Source = new AcquisitionSource
            {
                Channel = ClickHouseRows.Text(row, "channel") ?? "direct",
                UtmSource = ClickHouseRows.Text(row, "utm_source"), UtmMedium = ClickHouseRows.Text(row, "utm_medium"), UtmCampaign = ClickHouseRows.Text(row, "utm_campaign"),
                UtmTerm = ClickHouseRows.Text(row, "utm_term"), UtmContent = ClickHouseRows.Text(row, "utm_content"),
                ClickIdName = ClickHouseRows.Text(row, "click_id_name"), ClickId = ClickHouseRows.Text(row, "click_id"),
            },
            DeviceClass = ClickHouseRows.Text(row, "device_class") ?? "unknown",
            Browser = ClickHouseRows.Text(row, "browser") ?? "Unknown",
            Os = ClickHouseRows.Text(row, "os") ?? "Unknown",
            IsBot = row.GetProperty("is_bot").ToString() == "1",
            PropKeys = ClickHouseRows.Texts(row, "prop_keys"),
            PropValues = ClickHouseRows.Texts(row, "prop_values"),
            Email = ClickHouseRows.Text(row, "email"),
            Traits = traitKeys.Count == 0 ? null : traitKeys.Zip(traitValues).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ClickHouseRows.Text(row, "ms")!, CultureInfo.InvariantCulture)),
            SpoolNode = ClickHouseRows.Text(row, "spool_node") ?? "",
            SpoolSeq = long.Parse(ClickHouseRows.Text(row, "seq")!, CultureInfo.InvariantCulture),
        };
    }
}
