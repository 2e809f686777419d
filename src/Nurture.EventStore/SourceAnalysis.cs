using System.Globalization;

namespace Nurture.EventStore;

/// <summary>How analysis groups time.</summary>
public enum AnalysisInterval { Day, Week, Month }

/// <summary>What analysis groups leads by: where they came from.</summary>
public enum AnalysisDimension { Channel, Source, Campaign }

/// <summary>One period and source: new leads, of them known, and the leads that became MQL, hot or won in it.</summary>
public sealed record SourceRow(string Period, string Key, long Leads, long Known, long Mqls, long Hot, long Won);

/// <summary>How far the leads of a period got, and the conversion from each stage to the next.</summary>
public sealed record Funnel(long Leads, long Known, long Engaged, long Mql, long Hot, long Won, IReadOnlyDictionary<string, double?> Conversion);

/// <summary>
/// The numbers marketers decide spending with, on ClickHouse: leads, MQLs, hot leads and won deals by
/// acquisition channel, source or campaign over time, and the stage funnel. A person counts once: events
/// and stage changes recorded under merged-away ids are joined to the current lead through history_ids.
/// Won deals come from sales feedback (PostgreSQL) and are passed in.
/// </summary>
public sealed class SourceAnalysis(ClickHouseStore store)
{
    public async Task<List<SourceRow>> BySourceAsync(
        DateTimeOffset from, DateTimeOffset to, AnalysisInterval interval, AnalysisDimension dimension, bool lastTouch,
        IReadOnlyList<(Guid LeadId, DateTimeOffset At)> won, CancellationToken cancellationToken)
    {
        var key = $"{(lastTouch ? "last" : "first")}_{dimension.ToString().ToLowerInvariant()}";
        var range = (string column) => $"{column} >= {from.ToUnixTimeSeconds()} AND {column} < {to.ToUnixTimeSeconds()}";
        var rows = new Dictionary<(string, string), SourceRow>();
        SourceRow Row(string period, string k) =>
            rows.TryGetValue((period, k), out var row) ? row : rows[(period, k)] = new SourceRow(period, k, 0, 0, 0, 0, 0);

        foreach (var r in await store.QueryAsync($"""
            SELECT toString({Period(interval, "created_at")}) AS period, {key} AS k, count() AS leads, countIf(email != '') AS known
            FROM {LeadFilterSql.CurrentLeads} WHERE {range("created_at")} GROUP BY period, k
            """, cancellationToken))
        {
            var (period, k) = (r.GetProperty("period").GetString()!, r.GetProperty("k").GetString()!);
            rows[(period, k)] = Row(period, k) with { Leads = ClickHouseRows.Long(r, "leads"), Known = ClickHouseRows.Long(r, "known") };
        }
        foreach (var r in await store.QueryAsync($"""
            SELECT period, k, uniqExactIf(lead, stage = 'mql') AS mqls, uniqExactIf(lead, stage = 'hot') AS hot
            FROM (SELECT lead_id AS lead, {key} AS k, arrayJoin(history_ids) AS hid FROM {LeadFilterSql.CurrentLeads})
            ALL INNER JOIN (SELECT toString(lead_id) AS hid, stage, toString({Period(interval, "at")}) AS period FROM score_changes
                            WHERE kind = 'stage' AND stage IN ('mql', 'hot') AND {range("at")}) USING hid
            GROUP BY period, k
            """, cancellationToken))
        {
            var (period, k) = (r.GetProperty("period").GetString()!, r.GetProperty("k").GetString()!);
            rows[(period, k)] = Row(period, k) with { Mqls = ClickHouseRows.Long(r, "mqls"), Hot = ClickHouseRows.Long(r, "hot") };
        }
        var wonInRange = won.Where(w => w.At >= from && w.At < to).ToList();
        if (wonInRange.Count > 0)
        {
            var keys = await KeysAsync(key, wonInRange.Select(w => w.LeadId), cancellationToken);
            foreach (var (leadId, at) in wonInRange)
            {
                var period = PeriodOf(at, interval);
                var k = keys.GetValueOrDefault(leadId, "");
                rows[(period, k)] = Row(period, k) with { Won = Row(period, k).Won + 1 };
            }
        }
        return rows.Values.OrderBy(r => r.Period, StringComparer.Ordinal).ThenByDescending(r => r.Leads).ToList();
    }

    /// <summary>
    /// The leads created in the range and how far each got: a cohort, so every step counts a part of the one
    /// before it and no rate passes 100%. A won lead (any of <paramref name="wonLeadIds"/>, whenever it was won)
    /// counts as having passed every step, whatever stages it was given on the way.
    /// </summary>
    public async Task<Funnel> FunnelAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<Guid> wonLeadIds, CancellationToken cancellationToken)
    {
        var isWon = wonLeadIds.Count == 0 ? "0" : $"has([{ClickHouseSql.List(wonLeadIds.Select(id => id.ToString("D")))}], hid)";
        var rows = await store.QueryAsync($"""
            SELECT count() AS leads, countIf(email != '' OR reached >= 1) AS known, countIf(reached >= 2) AS engaged, countIf(reached >= 3) AS mql,
                   countIf(reached >= 4) AS hot, countIf(reached >= 5) AS won
            FROM (
                SELECT lead, any(email) AS email, greatest(max(rank), max(if({isWon}, 5, 0))) AS reached
                FROM (SELECT lead_id AS lead, email, arrayJoin(history_ids) AS hid FROM {LeadFilterSql.CurrentLeads}
                      WHERE created_at >= {from.ToUnixTimeSeconds()} AND created_at < {to.ToUnixTimeSeconds()})
                ALL LEFT JOIN (SELECT toString(lead_id) AS hid, max(multiIf(stage = 'hot', 4, stage = 'mql', 3, stage = 'engaged', 2, stage = 'known', 1, 0)) AS rank
                               FROM score_changes WHERE kind = 'stage' GROUP BY lead_id) USING hid
                GROUP BY lead)
            """, cancellationToken);
        var r = rows[0];
        long Get(string name) => ClickHouseRows.Long(r, name);
        var (leads, known, engaged, mql, hot, won) = (Get("leads"), Get("known"), Get("engaged"), Get("mql"), Get("hot"), Get("won"));
        double? Rate(long to, long of) => of == 0 ? null : Math.Round((double)to / of, 4);
        return new Funnel(leads, known, engaged, mql, hot, won, new Dictionary<string, double?>
        {
            ["known"] = Rate(known, leads), ["engaged"] = Rate(engaged, known), ["mql"] = Rate(mql, engaged),
            ["hot"] = Rate(hot, mql), ["won"] = Rate(won, hot),
        });
    }

    /// <summary>The source key of the current lead of each id (merged-away ids included).</summary>
    private async Task<Dictionary<Guid, string>> KeysAsync(string key, IEnumerable<Guid> leadIds, CancellationToken cancellationToken)
    {
        var ids = leadIds.Select(id => id.ToString("D")).Distinct().ToList();
        var keys = new Dictionary<Guid, string>();
        foreach (var r in await store.QueryAsync($"""
            SELECT hid, {key} AS k FROM (SELECT {key}, arrayJoin(history_ids) AS hid FROM {LeadFilterSql.CurrentLeads} WHERE hasAny(history_ids, [{ClickHouseSql.List(ids)}]))
            WHERE hid IN ({ClickHouseSql.List(ids)})
            """, cancellationToken))
        {
            keys[Guid.Parse(r.GetProperty("hid").GetString()!)] = r.GetProperty("k").GetString()!;
        }
        return keys;
    }

    private static string Period(AnalysisInterval interval, string column) => interval switch
    {
        AnalysisInterval.Month => $"toStartOfMonth({column})",
        AnalysisInterval.Week => $"toMonday({column})",
        _ => $"toDate({column})",
    };

    private static string PeriodOf(DateTimeOffset at, AnalysisInterval interval)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var start = interval switch
        {
            AnalysisInterval.Month => new DateOnly(day.Year, day.Month, 1),
            AnalysisInterval.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            _ => day,
        };
        return start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
