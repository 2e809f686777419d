using System.Globalization;
using System.Text.Json;

namespace Nurture.EventStore.Dashboard;

/// <summary>Pages or campaigns ranked by this week, with last week beside them.</summary>
public sealed record RankedItem(string Key, long ThisWeek, long LastWeek);

/// <summary>What <see cref="ActivityCounts"/> read: a <see cref="DailyCounts"/> per metric, the top pages and campaigns, and the wins recorded as events.</summary>
public sealed record ActivityResult(
    IReadOnlyDictionary<string, DailyCounts> Daily, IReadOnlyList<RankedItem> TopPages, IReadOnlyList<RankedItem> TopCampaigns,
    IReadOnlyList<(Guid LeadId, DateTimeOffset At)> WonEvents);

/// <summary>
/// The dashboard's numbers from ClickHouse, in five queries run at once over the dashboard's days (last week's Monday,
/// or fourteen days back, to the end of today): new leads and stage changes per day; sends, human and machine
/// opens and clicks per day; page views per day; the top pages and campaigns this week and last; sales_won events.
/// Days are the organisation's calendar days (toDate in its zone). A send is counted once (by send_id, or the
/// event id when an event has none) on the day it was first sent, opened or clicked, so a message opened twice,
/// or an event stored twice, counts once; opens and clicks by machines (is_bot = 1: privacy proxies, link
/// scanners) are counted apart and never as people's.
/// </summary>
public sealed class ActivityCounts(ClickHouseStore store)
{
    /// <summary>The metrics read per day.</summary>
    public static readonly string[] Metrics =
        ["leads", "mqls", "hot", "sent", "opened", "clicked", "machineOpened", "machineClicked", "pageViews"];

    public const int TopCount = 5;

    public async Task<ActivityResult> ReadAsync(DashboardPeriods periods, CancellationToken cancellationToken)
    {
        var zone = ClickHouseSql.Quote(periods.ClickHouseZone);
        var from = periods.StartOf(periods.FirstDay).ToUnixTimeSeconds();
        var to = periods.StartOf(periods.EndDay).ToUnixTimeSeconds();
        var weekStart = periods.StartOf(periods.WeekStart).ToUnixTimeSeconds();
        var lastWeekStart = periods.StartOf(periods.LastWeekStart).ToUnixTimeSeconds();
        string Between(string column, long start) => $"{column} >= toDateTime({start}) AND {column} < toDateTime({to})";
        string Range(string column) => Between(column, from);

        var leadsTask = store.QueryAsync($"""
            SELECT toString(day) AS day, sum(leads) AS leads, sum(mqls) AS mqls, sum(hot) AS hot FROM (
                SELECT toDate(created_at, {zone}) AS day, count() AS leads, toUInt64(0) AS mqls, toUInt64(0) AS hot
                FROM {LeadFilterSql.CurrentLeads} WHERE {Range("created_at")} GROUP BY day
                UNION ALL
                SELECT toDate(first, {zone}) AS day, toUInt64(0) AS leads, countIf(stage = 'mql') AS mqls, countIf(stage = 'hot') AS hot
                FROM (SELECT lead_id, stage, min(at) AS first FROM score_changes
                      WHERE kind = 'stage' AND stage IN ('mql', 'hot') AND {Range("at")} GROUP BY lead_id, stage)
                GROUP BY day)
            GROUP BY day
            """, cancellationToken);
        var emailTask = store.QueryAsync($"""
            SELECT toString(toDate(first, {zone})) AS day, countIf(kind = 'sent') AS sent, countIf(kind = 'opened') AS opened,
                   countIf(kind = 'clicked') AS clicked, countIf(kind = 'machineOpened') AS machineOpened,
                   countIf(kind = 'machineClicked') AS machineClicked
            FROM (
                SELECT multiIf(type = 'email_sent', 'sent', type = 'email_open', if(is_bot = 0, 'opened', 'machineOpened'),
                               if(is_bot = 0, 'clicked', 'machineClicked')) AS kind,
                       if(prop_values[indexOf(prop_keys, 'send_id')] = '', event_id, prop_values[indexOf(prop_keys, 'send_id')]) AS item,
                       min(server_time) AS first
                FROM events
                WHERE type IN ('email_sent', 'email_open', 'email_click') AND {Range("server_time")}
                GROUP BY kind, item)
            GROUP BY day
            """, cancellationToken);
        // Page views by people, each event once per day (the many page views make a per-event first day costly).
        var pageViewsTask = store.QueryAsync($"""
            SELECT toString(toDate(server_time, {zone})) AS day, uniqExact(event_id) AS pageViews FROM events
            WHERE type = 'page_view' AND is_bot = 0 AND {Range("server_time")} GROUP BY day
            """, cancellationToken);
        var topTask = store.QueryAsync($"""
            SELECT kind, key, this_week, last_week FROM (
                SELECT 'page' AS kind, path AS key, uniqExactIf(event_id, server_time >= toDateTime({weekStart})) AS this_week,
                       uniqExactIf(event_id, server_time < toDateTime({weekStart})) AS last_week
                FROM events WHERE type = 'page_view' AND is_bot = 0 AND {Between("server_time", lastWeekStart)}
                GROUP BY key ORDER BY this_week DESC, last_week DESC, key LIMIT {TopCount}
                UNION ALL
                SELECT 'campaign' AS kind, first_campaign AS key, countIf(created_at >= toDateTime({weekStart})) AS this_week,
                       countIf(created_at < toDateTime({weekStart})) AS last_week
                FROM {LeadFilterSql.CurrentLeads} WHERE first_campaign != '' AND {Between("created_at", lastWeekStart)}
                GROUP BY key ORDER BY this_week DESC, last_week DESC, key LIMIT {TopCount})
            """, cancellationToken);
        var wonTask = store.QueryAsync($"""
            SELECT toString(lead_id) AS lead, toUnixTimestamp(min(server_time)) AS at FROM events
            WHERE type = 'sales_won' AND {Range("server_time")} GROUP BY lead_id
            """, cancellationToken);
        await Task.WhenAll(leadsTask, emailTask, pageViewsTask, topTask, wonTask);

        var daily = Metrics.ToDictionary(m => m, _ => new DailyCounts());
        foreach (var row in (await leadsTask).Concat(await emailTask).Concat(await pageViewsTask))
        {
            var day = DateOnly.ParseExact(row.GetProperty("day").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var metric in Metrics)
            {
                if (row.TryGetProperty(metric, out _)) daily[metric].Add(day, ClickHouseRows.Long(row, metric));
            }
        }
        var top = await topTask;
        List<RankedItem> Ranked(string kind) => top.Where(r => r.GetProperty("kind").GetString() == kind)
            .Select(r => new RankedItem(r.GetProperty("key").GetString()!, ClickHouseRows.Long(r, "this_week"), ClickHouseRows.Long(r, "last_week")))
            .OrderByDescending(r => r.ThisWeek).ThenByDescending(r => r.LastWeek).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var won = (await wonTask).Select(r => (Guid.Parse(r.GetProperty("lead").GetString()!), DateTimeOffset.FromUnixTimeSeconds(ClickHouseRows.Long(r, "at")))).ToList();
        return new ActivityResult(daily, Ranked("page"), Ranked("campaign"), won);
    }
}
