using System.Globalization;

namespace Nurture.EventStore;

/// <summary>The credit (in outcomes) and the deal value one channel, source and campaign earned under a model.</summary>
public sealed record AttributionCredit(string Channel, string Source, string Campaign, double Credit, double Value);

/// <summary>How many touches a campaign had in a channel and source (to roll its cost up to them).</summary>
public sealed record CampaignTouches(string Campaign, string Channel, string Source, long Touches);

/// <summary>
/// Attribution on ClickHouse: the outcomes of a period (new leads, first MQL, first hot, won deals), each shared
/// among the person's touches before it by a model (<see cref="AttributionModels"/>). A person is the current lead
/// with every id merged into it (history_ids). A touch is an event that brought the person: see <see cref="TouchWhere"/>.
/// Events are counted once by event id, so the same event stored twice changes nothing; an event that arrives late
/// counts from the moment it is stored.
/// </summary>
public sealed class AttributionAnalysis(ClickHouseStore store)
{
    /// <summary>Touches of the same channel, source and campaign closer than this are one visit (reloads, SPA pages).</summary>
    public const long SameVisitMs = 30 * 60 * 1000;

    /// <summary>Larger deal values are taken for typing errors and count as none.</summary>
    public const double MaxDealValue = 1e15;

    /// <summary>Event types that are outcomes or bookkeeping, never touches, even with a channel.</summary>
    public static readonly IReadOnlyList<string> NotTouches =
        ["sales_accepted", "sales_won", "sales_lost", "email_sent", "email_bounce", "email_unsubscribe", "email_complaint"];

    /// <summary>
    /// A touch: not a machine; on a website, a page view that arrived from somewhere (an outside referrer, a tag or a
    /// click id) or from nowhere (no referrer at all: typed or bookmarked), not a page reached by a link of the site;
    /// off the website (no site: email opens and clicks, sales calls and meetings, imported touchpoints), any event with
    /// a channel that is not an outcome or bookkeeping (<see cref="NotTouches"/>).
    /// </summary>
    public static string TouchWhere =>
        $"is_bot = 0 AND type NOT IN ({ClickHouseSql.List(NotTouches)}) AND (" +
        $"(site_id != {ClickHouseSql.Quote(Guid.Empty)} AND type = 'page_view' AND (channel != 'direct' OR referrer_host = '' " +
        "OR utm_source != '' OR utm_campaign != '' OR click_id != '')) " +
        $"OR (site_id = {ClickHouseSql.Quote(Guid.Empty)} AND channel != ''))";

    /// <summary>
    /// The credit and value each channel, source and campaign earned; outcomes with no touch before them are credited to
    /// no channel, source or campaign (the row with empty keys), so the credits add up to the outcomes.
    /// </summary>
    public async Task<List<AttributionCredit>> CreditsAsync(
        DateTimeOffset from, DateTimeOffset to, AttributionOutcome outcome, AttributionModel model, CancellationToken cancellationToken)
    {
        var outcomes = OutcomesSql(from, to, outcome);
        var credits = (await store.QueryAsync(CreditsSql(outcomes, model), cancellationToken)).Select(r => new AttributionCredit(
            r.GetProperty("channel").GetString()!, r.GetProperty("source").GetString()!, r.GetProperty("campaign").GetString()!,
            ClickHouseRows.Double(r, "credit"), ClickHouseRows.Double(r, "value"))).ToList();
        var totals = (await store.QueryAsync($"SELECT count() AS outcomes, sum(value) AS value FROM ({outcomes})", cancellationToken))[0];
        var untouched = ClickHouseRows.Long(totals, "outcomes") - credits.Sum(c => c.Credit);
        var untouchedValue = ClickHouseRows.Double(totals, "value") - credits.Sum(c => c.Value);
        if (untouched > 1e-6) credits.Add(new AttributionCredit("", "", "", Math.Round(untouched, 6), Math.Max(0, untouchedValue)));
        return credits;
    }

    /// <summary>The touches of each of <paramref name="campaigns"/> in the period, by channel and source.</summary>
    public async Task<List<CampaignTouches>> CampaignTouchesAsync(
        DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> campaigns, CancellationToken cancellationToken)
    {
        if (campaigns.Count == 0) return [];
        return [.. (await store.QueryAsync($"""
            SELECT utm_campaign AS campaign, channel, utm_source AS source, uniqExact(lead_id, event_id) AS touches FROM events
            WHERE {TouchWhere} AND utm_campaign IN ({ClickHouseSql.List(campaigns)}) AND {Range("server_time", from, to)}
            GROUP BY campaign, channel, source
            """, cancellationToken)).Select(r => new CampaignTouches(
            r.GetProperty("campaign").GetString()!, r.GetProperty("channel").GetString()!, r.GetProperty("source").GetString()!, ClickHouseRows.Long(r, "touches")))];
    }

    /// <summary>The weights of <paramref name="model"/> for positions 1..n as ClickHouse computes them (to test them against C#).</summary>
    public async Task<List<double[]>> WeightsFromClickHouseAsync(AttributionModel model, IReadOnlyList<IReadOnlyList<string>> cases, CancellationToken cancellationToken)
    {
        var result = new List<double[]>();
        foreach (var channels in cases)
        {
            var row = (await store.QueryAsync($"""
                SELECT {AttributionModels.WeightsSql(model, $"[{ClickHouseSql.List(channels)}]")} AS w
                """, cancellationToken))[0];
            result.Add([.. row.GetProperty("w").EnumerateArray().Select(v => v.GetDouble())]);
        }
        return result;
    }

    /// <summary>
    /// Each outcome's touches (the person's, at or before the outcome, oldest first), made into visits, each visit's
    /// weight under the model, summed by channel, source and campaign. The events are joined to the small table of the
    /// outcomes' lead ids (every id merged into each person), so only those leads' touches before their outcome are
    /// gathered. A touch stored twice (a retry) falls in the same visit, so it counts once.
    /// </summary>
    private static string CreditsSql(string outcomes, AttributionModel model) => $"""
        SELECT channel, source, campaign, sum(w) AS credit, sum(w * value) AS value
        FROM (
            SELECT value, arrayJoin(credits) AS credit_of_touch, credit_of_touch.1 AS channel, credit_of_touch.2 AS source,
                   credit_of_touch.3 AS campaign, credit_of_touch.4 AS w
            FROM (
                -- Every lambda gets what it reads as arguments: ClickHouse 18.16 mis-reads names a lambda only captures.
                -- One visit: the same channel, source and campaign again within SameVisitMs of the touch before.
                SELECT value,
                       arrayFilter((t, previous, i) -> i = 1 OR NOT (t.2 = previous.2 AND t.3 = previous.3 AND t.4 = previous.4
                                   AND t.1 - previous.1 < {SameVisitMs}), touches, arrayPopBack(arrayPushFront(touches, (toUInt64(0), '', '', ''))),
                                   arrayEnumerate(touches)) AS visits,
                       arrayFilter(x -> x.4 > 0, arrayMap((t, weight) -> (t.2, t.3, t.4, weight), visits,
                                   {AttributionModels.WeightsSql(model, "arrayMap(t -> t.2, visits)")})) AS credits
                FROM (
                    SELECT oid, any(value) AS value, arraySort(groupArray((server_ms, channel, utm_source, utm_campaign))) AS touches
                    FROM (SELECT lead_id, server_ms, channel, utm_source, utm_campaign FROM events WHERE {TouchWhere})
                    ALL INNER JOIN (
                        SELECT toUUID(hid) AS lead_id, oid, at_ms, value FROM ({outcomes})
                        ALL INNER JOIN (SELECT lead_id AS person, arrayJoin(history_ids) AS hid FROM {LeadFilterSql.CurrentLeads}) USING person
                    ) USING lead_id
                    WHERE server_ms <= at_ms
                    GROUP BY oid
                )
            )
        )
        GROUP BY channel, source, campaign
        """;

    /// <summary>The outcomes in the period: (person, oid: the outcome, at_ms: touches up to this moment count, value).</summary>
    private static string OutcomesSql(DateTimeOffset from, DateTimeOffset to, AttributionOutcome outcome) => outcome switch
    {
        // A new lead: its first event, when the lead was created (second resolution, so the whole second counts).
        AttributionOutcome.New => $"""
            SELECT lead_id AS person, toString(lead_id) AS oid, toUInt64(created_at) * 1000 + 999 AS at_ms, 0. AS value
            FROM {LeadFilterSql.CurrentLeads} WHERE {Range("created_at", from, to)}
            """,
        // A stage: the first time the person reached it (MQL: mql or beyond), so a lead that falls back and climbs again counts once.
        AttributionOutcome.Mql or AttributionOutcome.Hot => $"""
            SELECT person, toString(person) AS oid, at_ms, 0. AS value FROM (
                SELECT lead_id AS person, min(first_ms) AS at_ms
                FROM (SELECT lead_id, arrayJoin(history_ids) AS hid FROM {LeadFilterSql.CurrentLeads})
                ALL INNER JOIN (
                    SELECT toString(lead_id) AS hid, min(at_ms) AS first_ms FROM score_changes
                    WHERE kind = 'stage' AND stage IN ({(outcome == AttributionOutcome.Mql ? "'mql', 'hot'" : "'hot'")}) GROUP BY lead_id
                ) USING hid
                GROUP BY person)
            WHERE at_ms >= {from.ToUnixTimeMilliseconds()} AND at_ms < {to.ToUnixTimeMilliseconds()}
            """,
        // A won deal: each sales_won event once. It falls on its closed_on day (00:00 UTC) when it has a valid one, else
        // when it was recorded; touches count up to when it was recorded.
        _ => $"""
            SELECT person, concat(toString(person), '/', event_id) AS oid, at_ms, value FROM (
                SELECT lead_id AS person, event_id, at_ms, if(isFinite(amount) AND amount > 0 AND amount < {MaxDealValue.ToString("R", CultureInfo.InvariantCulture)}, amount, 0.) AS value,
                       if(toDateOrZero(closed) = toDate(0), recorded, toDateTime(concat(toString(toDateOrZero(closed)), ' 00:00:00'), 'UTC')) AS outcome_at
                FROM (SELECT lead_id, arrayJoin(history_ids) AS hid FROM {LeadFilterSql.CurrentLeads})
                ALL INNER JOIN (
                    SELECT toString(lead_id) AS hid, event_id, min(server_ms) AS at_ms, min(server_time) AS recorded,
                           toFloat64OrZero(any(prop_values[indexOf(prop_keys, 'deal_value')])) AS amount,
                           any(prop_values[indexOf(prop_keys, 'closed_on')]) AS closed
                    FROM events WHERE type = 'sales_won' GROUP BY lead_id, event_id
                ) USING hid)
            WHERE {Range("outcome_at", from, to)}
            """,
    };

    private static string Range(string column, DateTimeOffset from, DateTimeOffset to) =>
        $"{column} >= toDateTime({from.ToUnixTimeSeconds()}) AND {column} < toDateTime({to.ToUnixTimeSeconds()})";
}
