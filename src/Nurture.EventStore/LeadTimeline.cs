using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Nurture.EventStore;

/// <summary>One event of a lead's history as the API shows it.</summary>
public sealed record TimelineEvent(
    string EventId, Guid LeadId, string VisitorId, string Type, string? Name, string? Url, string? Title,
    string? Referrer, string Channel, string? UtmSource, string? UtmMedium, string? UtmCampaign,
    string DeviceClass, string Browser, string Os, IReadOnlyDictionary<string, string> Props, DateTimeOffset At);

/// <summary>A page of history, newest first, and the cursor of the next (older) page.</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineEvent> Events, string? NextCursor);

/// <summary>Reads a person's behaviour history from ClickHouse across every lead id merged into them.</summary>
public sealed class LeadTimeline(ClickHouseStore store)
{
    public const int MaxLimit = 500;

    public async Task<TimelinePage> ReadAsync(
        IReadOnlyCollection<Guid> siteIds, IReadOnlyCollection<Guid> leadIds, DateTimeOffset? from, DateTimeOffset? to,
        int limit, TimelineCursor? cursor, CancellationToken cancellationToken)
    {
        if (leadIds.Count == 0 || siteIds.Count == 0) return new TimelinePage([], null);
        var sql = new StringBuilder()
            .Append("SELECT event_id, lead_id, visitor_id, type, name, url, title, referrer, channel, utm_source, utm_medium, utm_campaign, ")
            .Append("device_class, browser, os, prop_keys, prop_values, toString(server_ms) AS ms FROM events WHERE ")
            .Append("site_id IN (").Append(ClickHouseSql.List(siteIds)).Append(") AND lead_id IN (").Append(ClickHouseSql.List(leadIds)).Append(')');
        if (from is { } f) sql.Append(" AND server_ms >= ").Append(f.ToUnixTimeMilliseconds());
        if (to is { } t) sql.Append(" AND server_ms < ").Append(t.ToUnixTimeMilliseconds());
        if (cursor is { } c)
        {
            sql.Append(" AND (server_ms < ").Append(c.Milliseconds)
               .Append(" OR (server_ms = ").Append(c.Milliseconds).Append(" AND event_id < ").Append(ClickHouseSql.Quote(c.EventId)).Append("))");
        }
        sql.Append(" ORDER BY server_ms DESC, event_id DESC LIMIT ").Append(limit + 1);

        var rows = await store.QueryAsync(sql.ToString(), cancellationToken);
        var events = rows.Take(limit).Select(Read).ToList();
        var next = rows.Count > limit
            ? new TimelineCursor(events[^1].At.ToUnixTimeMilliseconds(), events[^1].EventId).Encode()
            : null;
        return new TimelinePage(events, next);
    }

    private static TimelineEvent Read(JsonElement row)
    {
        var keys = row.GetProperty("prop_keys").EnumerateArray().Select(k => k.GetString()!).ToList();
        var values = row.GetProperty("prop_values").EnumerateArray().Select(v => v.GetString()!).ToList();
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(keys.Count, values.Count); i++) props[keys[i]] = values[i];
        return new TimelineEvent(
            ClickHouseRows.Text(row, "event_id") ?? "", Guid.Parse(ClickHouseRows.Text(row, "lead_id")!), ClickHouseRows.Text(row, "visitor_id") ?? "", ClickHouseRows.Text(row, "type") ?? "",
            ClickHouseRows.Text(row, "name"), ClickHouseRows.Text(row, "url"), ClickHouseRows.Text(row, "title"), ClickHouseRows.Text(row, "referrer"), ClickHouseRows.Text(row, "channel") ?? "",
            ClickHouseRows.Text(row, "utm_source"), ClickHouseRows.Text(row, "utm_medium"), ClickHouseRows.Text(row, "utm_campaign"),
            ClickHouseRows.Text(row, "device_class") ?? "", ClickHouseRows.Text(row, "browser") ?? "", ClickHouseRows.Text(row, "os") ?? "", props,
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ClickHouseRows.Text(row, "ms")!, CultureInfo.InvariantCulture)));
    }

}

/// <summary>Position in a timeline: the last event shown. Opaque to clients (base64url).</summary>
public sealed record TimelineCursor(long Milliseconds, string EventId)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Milliseconds}:{EventId}"))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static TimelineCursor? TryDecode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 400) return null;
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var raw = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var colon = raw.IndexOf(':');
            return colon > 0 && long.TryParse(raw[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? new TimelineCursor(ms, raw[(colon + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
