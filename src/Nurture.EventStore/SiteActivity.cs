namespace Nurture.EventStore;

/// <summary>What a site has sent lately: its newest event (when, from which page) and how many since a moment.</summary>
public sealed record SiteEvents(DateTimeOffset? LastAt, string? LastUrl, long Since);

/// <summary>
/// The install check of a site's snippet, on ClickHouse: the events table is ordered by site first, so a
/// site's recent events are a short read (the partition by month bounds how far back it looks).
/// </summary>
public sealed class SiteActivity(ClickHouseStore store)
{
    /// <summary>How far back the newest event is looked for: a site silent longer shows none.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(31);

    public async Task<SiteEvents> ReadAsync(Guid siteId, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync($"""
            SELECT count() AS total, countIf(server_time >= toDateTime({since.ToUnixTimeSeconds()})) AS since,
                   toUnixTimestamp(max(server_time)) AS last_at, argMax(url, server_time) AS last_url
            FROM events
            WHERE site_id = {ClickHouseSql.Quote(siteId)} AND server_time >= toDateTime({(now - LookBack).ToUnixTimeSeconds()})
            """, cancellationToken);
        var row = rows[0];
        if (ClickHouseRows.Long(row, "total") == 0) return new SiteEvents(null, null, 0);
        var lastUrl = row.GetProperty("last_url").GetString();
        return new SiteEvents(DateTimeOffset.FromUnixTimeSeconds(ClickHouseRows.Long(row, "last_at")), string.IsNullOrEmpty(lastUrl) ? null : lastUrl,
            ClickHouseRows.Long(row, "since"));
    }
}
