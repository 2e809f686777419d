using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.Handoff.Routing;

namespace Nurture.Handoff.Reps;

/// <summary>
/// Assigns hot leads to reps by the routing rules in their stored order (<see cref="RoutingEvaluator"/>),
/// reading from PostgreSQL what the rules need: every rep with their open hot leads and their last
/// assignment, and the lead's earlier rep. <see cref="DecideAsync"/> alone is the dry run the tester shows.
/// </summary>
public sealed class RepAssigner(NpgsqlDataSource database, RepStore reps, RoutingRuleStore rules, TimeProvider time)
{
    /// <param name="takenFrom">A rep who had the lead and did not answer in time: never chosen again for it.</param>
    public async Task<Assignment> AssignAsync(Guid alertId, LeadState lead, string? takenFrom, CancellationToken cancellationToken)
    {
        if (await RecordedAsync(alertId, cancellationToken) is { } recorded) return recorded;
        var assignment = (await DecideAsync(lead, takenFrom, null, cancellationToken)).Assignment;
        if (takenFrom is not null && assignment.Rep is not null) assignment = assignment with { Reason = RepChooser.ReassignedReason };
        await using var command = database.CreateCommand(
            "INSERT INTO nurture_assignments (alert_id, lead_id, rep_id, reason, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (alert_id) DO NOTHING");
        command.Parameters.AddWithValue(alertId);
        command.Parameters.AddWithValue(lead.Id);
        command.Parameters.AddWithValue((object?)assignment.Rep?.Id ?? DBNull.Value);
        command.Parameters.AddWithValue(assignment.Reason);
        // The server's clock, not the database's: the SLA watch measures waits with the same clock.
        command.Parameters.AddWithValue(time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
        // Another node may have won the race: what is recorded is the answer.
        return await RecordedAsync(alertId, cancellationToken) ?? assignment;
    }

    /// <summary>Who would get the lead now and why, rule by rule; records nothing.</summary>
    /// <param name="order">Rules to try instead of the saved order (a dry run of an unsaved edit).</param>
    public async Task<RoutingDecision> DecideAsync(LeadState lead, string? takenFrom, IReadOnlyList<RoutingRule>? order, CancellationToken cancellationToken)
    {
        order ??= (await rules.GetAsync(cancellationToken)).Rules;
        var input = new RoutingInput(lead, takenFrom, await PreviousRepIdAsync(lead.Id, cancellationToken), await StandingsAsync(cancellationToken), time.GetUtcNow());
        return RoutingEvaluator.Evaluate(order, input);
    }

    /// <summary>
    /// Every rep with their open hot leads (leads whose newest assignment is theirs, with no closing feedback
    /// since) and the time of their newest assignment (the round-robin's order).
    /// </summary>
    public async Task<List<RepStanding>> StandingsAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            WITH latest AS (SELECT DISTINCT ON (a.lead_id) a.lead_id, a.rep_id, a.at FROM nurture_assignments a ORDER BY a.lead_id, a.at DESC),
            open_leads AS (SELECT l.rep_id, count(*)::int AS n FROM latest l
                     WHERE l.rep_id IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM nurture_feedback f WHERE f.lead_id = l.lead_id
                                       AND f.outcome IN ('rejected', 'won', 'lost') AND f.at >= l.at)
                     GROUP BY l.rep_id),
            last_given AS (SELECT a.rep_id, max(a.at) AS at FROM nurture_assignments a WHERE a.rep_id IS NOT NULL GROUP BY a.rep_id)
            SELECT {RepStore.Columns}, coalesce(o.n, 0), l.at
            FROM nurture_reps r LEFT JOIN open_leads o ON o.rep_id = r.id LEFT JOIN last_given l ON l.rep_id = r.id
            ORDER BY r.id
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var standings = new List<RepStanding>();
        while (await reader.ReadAsync(cancellationToken))
        {
            standings.Add(new(RepStore.Read(reader), reader.GetInt32(RepStore.ColumnCount),
                reader.IsDBNull(RepStore.ColumnCount + 1) ? null : reader.GetFieldValue<DateTimeOffset>(RepStore.ColumnCount + 1)));
        }
        return standings;
    }

    private async Task<string?> PreviousRepIdAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT rep_id FROM nurture_assignments WHERE lead_id = $1 AND rep_id IS NOT NULL ORDER BY at DESC LIMIT 1");
        command.Parameters.AddWithValue(leadId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task<Assignment?> RecordedAsync(Guid alertId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT rep_id, reason FROM nurture_assignments WHERE alert_id = $1");
        command.Parameters.AddWithValue(alertId);
        string? repId;
        string reason;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken)) return null;
            repId = reader.IsDBNull(0) ? null : reader.GetString(0);
            reason = reader.GetString(1);
        }
        return new(repId is null ? null : await reps.GetAsync(repId, cancellationToken), reason);
    }
}
