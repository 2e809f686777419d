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
            ORDER BY server_ms, spool_node, spool_seq
            """, cancellationToken);
        return rows.Select(Read).ToList();
    }

    private static TrackedEvent Read(JsonElement row)
    {
        var traitKeys = Strings(row, "trait_keys");
        var traitValues = Strings(row, "trait_values");
        return new TrackedEvent
        {
            EventId = S(row, "event_id") ?? "",
            SiteId = Guid.Parse(S(row, "site")!),
            LeadId = Guid.Parse(S(row, "lead")!),
            VisitorId = S(row, "visitor_id") ?? "",
            Type = S(row, "type") ?? "",
            Name = S(row, "name"),
            Url = S(row, "url"),
            Host = S(row, "host"),
            Path = S(row, "path"),
            Query = S(row, "query"),
            Referrer = S(row, "referrer"),
            ReferrerHost = S(row, "referrer_host"),
            Title = S(row, "title"),
            Source = new AcquisitionSource
            {
                Channel = S(row, "channel") ?? "direct",
                UtmSource = S(row, "utm_source"), UtmMedium = S(row, "utm_medium"), UtmCampaign = S(row, "utm_campaign"),
                UtmTerm = S(row, "utm_term"), UtmContent = S(row, "utm_content"),
                ClickIdName = S(row, "click_id_name"), ClickId = S(row, "click_id"),
            },
            DeviceClass = S(row, "device_class") ?? "unknown",
            Browser = S(row, "browser") ?? "Unknown",
            Os = S(row, "os") ?? "Unknown",
            IsBot = row.GetProperty("is_bot").ToString() == "1",
            PropKeys = Strings(row, "prop_keys"),
            PropValues = Strings(row, "prop_values"),
            Email = S(row, "email"),
            Traits = traitKeys.Count == 0 ? null : traitKeys.Zip(traitValues).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(S(row, "ms")!, CultureInfo.InvariantCulture)),
            SpoolNode = S(row, "spool_node") ?? "",
            SpoolSeq = long.Parse(S(row, "seq")!, CultureInfo.InvariantCulture),
        };
    }

    private static string? S(JsonElement row, string name) => row.GetProperty(name).GetString() is { Length: > 0 } s ? s : null;

    private static List<string> Strings(JsonElement row, string name) => row.GetProperty(name).EnumerateArray().Select(v => v.GetString()!).ToList();
}
