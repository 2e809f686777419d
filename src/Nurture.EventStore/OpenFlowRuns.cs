using Nurture.Abstractions.Scoring;

namespace Nurture.EventStore;

/// <summary>A run of a flow that has entered and not finished, and the lead it entered with.</summary>
public sealed record OpenFlowRun(string RunId, Guid LeadId);

/// <summary>
/// The runs of one flow still open, from ClickHouse's score_changes: every step a run takes is a flow
/// row whose event id starts with the run's id, so a run with an "#entered" row and no ending row
/// (completed, goal, exited) is open. The lead is the one it entered with; a lead that merged since
/// forwards to its survivor, which holds the run now. Paged by run id.
/// </summary>
public sealed class OpenFlowRuns(ClickHouseStore store)
{
    private static readonly string[] Endings = ["#completed", "#goal", "#exited"];

    public async Task<List<OpenFlowRun>> ReadPageAsync(string flowId, string afterRunId, int limit, CancellationToken cancellationToken)
    {
        var entered = ClickHouseSql.Quote($"{flowId}/#entered");
        var endings = ClickHouseSql.List(Endings.Select(e => $"{flowId}/{e}"));
        var rows = await store.QueryAsync($"""
            SELECT splitByChar(':', event_id)[1] AS run, toString(anyIf(lead_id, key = {entered})) AS lead
            FROM score_changes
            WHERE kind = {ClickHouseSql.Quote(ScoreChange.FlowKind)} AND category = {ClickHouseSql.Quote(flowId)}
            GROUP BY run
            HAVING countIf(key = {entered}) > 0 AND countIf(key IN ({endings})) = 0 AND run > {ClickHouseSql.Quote(afterRunId)}
            ORDER BY run
            LIMIT {limit}
            """, cancellationToken);
        return rows.Select(r => new OpenFlowRun(ClickHouseRows.Text(r, "run")!, Guid.Parse(ClickHouseRows.Text(r, "lead")!))).ToList();
    }
}
