namespace Nurture.EventStore;

/// <summary>
/// One step of a flow (or, with <see cref="Step"/> "#all", the whole flow): the runs that reached it, and of those
/// the runs that are there now, left by the goal from it, completed or exited there; the flow's sends from it that
/// were dropped (suppressed or capped by the outbox, or unsubscribed by their reader); and the median time from
/// entering the flow to its goal of the runs that reached the goal from it.
/// </summary>
public sealed record FlowStepPerformance(
    string Step, long Entered, long Waiting, long Goal, long Completed, long Exited, long Suppressed, long Unsubscribed, double? MedianSecondsToGoal)
{
    public const string All = "#all";
}

/// <summary>
/// The flow performance report on ClickHouse, from the flow rows of score_changes (one per move of a run:
/// event id "{run}:{n}", key "{flow}/{step}" or "{flow}/#entered|#goal|#completed|#exited") and the flow's
/// send events. A run counts once however often a row was written (every per-run aggregate gives the same answer for
/// a row seen twice, so no DISTINCT is needed); a period keeps the runs that entered in it.
/// </summary>
public sealed class FlowPerformance(ClickHouseStore store)
{
    public async Task<List<FlowStepPerformance>> StepsAsync(string flowId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var entered = new List<string>();
        if (from is { } f) entered.Add($"entered_at >= {EmailPerformance.Seconds(f)}");
        if (to is { } t) entered.Add($"entered_at < {EmailPerformance.Seconds(t)}");
        var having = entered.Count > 0 ? "HAVING " + string.Join(" AND ", entered) : "";
        var flow = ClickHouseSql.Quote(flowId);
        var lastHere = $"(s = '{FlowStepPerformance.All}' OR last_step = s)";
        var runs = await store.QueryAsync($"""
            SELECT s AS step, count() AS entered, countIf(outcome = '' AND {lastHere}) AS waiting, countIf(outcome = '#goal' AND {lastHere}) AS goal,
                   countIf(outcome = '#completed' AND {lastHere}) AS completed, countIf(outcome = '#exited' AND {lastHere}) AS exited,
                   quantileExactIf(0.5)(goal_at - entered_at, outcome = '#goal' AND {lastHere}) AS median
            FROM (
                SELECT run, argMaxIf(step, seq, NOT startsWith(step, '#')) AS last_step, anyIf(step, step IN ('#goal', '#completed', '#exited')) AS outcome,
                       minIf(at, step = '#entered') AS entered_at, maxIf(at, step = '#goal') AS goal_at, groupUniqArrayIf(step, NOT startsWith(step, '#')) AS steps
                FROM (SELECT substring(key, {flowId.Length + 2}) AS step, at, splitByChar(':', event_id) AS parts, parts[1] AS run, toUInt32OrZero(parts[2]) AS seq
                      FROM score_changes WHERE kind = 'flow' AND category = {flow})
                GROUP BY run {having})
            ARRAY JOIN arrayConcat(steps, ['{FlowStepPerformance.All}']) AS s
            GROUP BY s
            """, cancellationToken);

        // Sends of the flow (sent or held back) and, of them, the suppressed and the unsubscribed, per step.
        var sent = new List<string> { EmailPerformance.EmailSite, "type IN ('email_sent', 'email_suppressed')", $"{EmailPerformance.Prop("flow_id")} = {flow}" };
        if (from is { } sf) sent.Add($"server_time >= {EmailPerformance.Seconds(sf)}");
        if (to is { } st) sent.Add($"server_time < {EmailPerformance.Seconds(st)}");
        var dropped = (await store.QueryAsync($"""
            SELECT step, sum(suppressed) AS suppressed, sum(unsubscribed) AS unsubscribed
            FROM (
                SELECT send, any(step) AS step, max(type = 'email_suppressed') AS suppressed
                FROM (SELECT {EmailPerformance.Prop("send_id")} AS send, {EmailPerformance.Prop("step_id")} AS step, type FROM events WHERE {string.Join(" AND ", sent)})
                GROUP BY send)
            ANY LEFT JOIN (
                SELECT {EmailPerformance.Prop("send_id")} AS send, 1 AS unsubscribed FROM events
                WHERE {EmailPerformance.EmailSite} AND type = 'email_unsubscribe' {(from is { } uf ? $"AND server_time >= {EmailPerformance.Seconds(uf)}" : "")}
                GROUP BY send) USING send
            GROUP BY step
            """, cancellationToken)).ToDictionary(r => r.GetProperty("step").GetString()!, r => (ClickHouseRows.Long(r, "suppressed"), ClickHouseRows.Long(r, "unsubscribed")));
        var all = (dropped.Values.Sum(d => d.Item1), dropped.Values.Sum(d => d.Item2));

        return runs.Select(r =>
        {
            var step = r.GetProperty("step").GetString()!;
            var (suppressed, unsubscribed) = step == FlowStepPerformance.All ? all : dropped.GetValueOrDefault(step);
            var goal = ClickHouseRows.Long(r, "goal");
            return new FlowStepPerformance(step, ClickHouseRows.Long(r, "entered"), ClickHouseRows.Long(r, "waiting"), goal,
                ClickHouseRows.Long(r, "completed"), ClickHouseRows.Long(r, "exited"), suppressed, unsubscribed,
                goal > 0 ? ClickHouseRows.Double(r, "median") : null);
        }).ToList();
    }
}
