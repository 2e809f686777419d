using Npgsql;

namespace Nurture.Handoff.Sales;

/// <summary>One assignment to a rep, for the live stream of their inbox; <paramref name="OriginEventId"/> is its alert's (through reassignments).</summary>
public sealed record RepAssignment(Guid AlertId, Guid LeadId, DateTimeOffset At, string Reason, string? Note, string? OriginEventId = null);

public sealed record RejectCount(string FirstTouchChannel, string Reason, int Count);

/// <summary>A training label: sales marked the lead won (<paramref name="Converted"/>) or lost at <paramref name="At"/>.</summary>
public sealed record SalesOutcome(Guid LeadId, bool Converted, DateTimeOffset At);

/// <summary>What sales said about the leads one scoring rule helped make hot; reasons are the rejections' reasons.</summary>
public sealed record RuleOutcomes(string Rule, int Accepted, int Rejected, int Won, int Lost, IReadOnlyDictionary<string, int> RejectReasons);

/// <summary>What sales said about leads (nurture_feedback), the won/lost labels (nurture_outcomes), and a rep's assignments.</summary>
public sealed class SalesFeedbackStore(NpgsqlDataSource database, TimeProvider time)
{
    public static readonly string[] Outcomes = ["accepted", "rejected", "won", "lost"];
    public static readonly string[] RejectReasons = ["not_a_fit", "bad_timing", "spam", "duplicate", "other"];

    /// <summary>Records the feedback (a won deal with its value and close date); won and lost also become the lead's training label (the newest wins).</summary>
    public async Task RecordAsync(
        Guid leadId, string outcome, string? reason, string? repId, string firstChannel, IReadOnlyList<string> rules, WonDeal? deal, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        var feedback = new NpgsqlBatchCommand(
            "INSERT INTO nurture_feedback (lead_id, outcome, reason, rep_id, first_channel, rules, at, deal_value, closed_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
        feedback.Parameters.Add(new() { Value = leadId });
        feedback.Parameters.Add(new() { Value = outcome });
        feedback.Parameters.Add(new() { Value = (object?)reason ?? DBNull.Value });
        feedback.Parameters.Add(new() { Value = (object?)repId ?? DBNull.Value });
        feedback.Parameters.Add(new() { Value = firstChannel });
        feedback.Parameters.Add(new() { Value = rules.ToArray() });
        feedback.Parameters.Add(new() { Value = time.GetUtcNow() });
        feedback.Parameters.Add(new() { Value = (object?)deal?.Value ?? DBNull.Value });
        feedback.Parameters.Add(new() { Value = (object?)deal?.ClosedOn ?? DBNull.Value });
        batch.BatchCommands.Add(feedback);
        if (outcome is "won" or "lost")
        {
            var label = new NpgsqlBatchCommand(
                "INSERT INTO nurture_outcomes (lead_id, converted, at) VALUES ($1, $2, now()) ON CONFLICT (lead_id) DO UPDATE SET converted = EXCLUDED.converted, at = EXCLUDED.at");
            label.Parameters.Add(new() { Value = leadId });
            label.Parameters.Add(new() { Value = outcome == "won" });
            batch.BatchCommands.Add(label);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The rep's assignments stamped after <paramref name="since"/>, oldest first (at most 500 at a time).</summary>
    public async Task<List<RepAssignment>> AssignedSinceAsync(string repId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            SELECT s.alert_id, s.lead_id, s.at, s.reason, coalesce(o2.note, o1.note, al.note), coalesce(o2.event_id, o1.event_id, al.event_id)
            FROM nurture_assignments s LEFT JOIN nurture_alerts al ON al.id = s.alert_id
            {SalesInboxStore.OriginJoins}
            WHERE s.rep_id = $1 AND s.at > $2 ORDER BY s.at, s.alert_id LIMIT 500
            """);
        command.Parameters.AddWithValue(repId);
        command.Parameters.AddWithValue(since);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<RepAssignment>();
        while (await reader.ReadAsync(cancellationToken))
            found.Add(new(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        return found;
    }

    /// <summary>The rep of the newest assignment of any of these lead ids (a lead and the ids merged into it); null when none or the fallback queue.</summary>
    public async Task<string?> AssignedRepAsync(IReadOnlyList<Guid> leadIds, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT rep_id FROM nurture_assignments WHERE lead_id = ANY($1) ORDER BY at DESC LIMIT 1");
        command.Parameters.AddWithValue(leadIds.ToArray());
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// Per scoring rule: how often leads it helped make hot were accepted, rejected (and why), won or lost,
    /// the question a marketer asks of a rule that sends sales the wrong people.
    /// </summary>
    public async Task<List<RuleOutcomes>> RuleReportAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            WITH f AS (SELECT unnest(rules) AS rule, outcome, reason FROM nurture_feedback)
            SELECT rule, count(*) FILTER (WHERE outcome = 'accepted')::int, count(*) FILTER (WHERE outcome = 'rejected')::int,
                   count(*) FILTER (WHERE outcome = 'won')::int, count(*) FILTER (WHERE outcome = 'lost')::int,
                   coalesce((SELECT jsonb_object_agg(r.reason, r.n) FROM (SELECT reason, count(*) AS n FROM f AS g
                             WHERE g.rule = f.rule AND g.outcome = 'rejected' AND g.reason IS NOT NULL GROUP BY reason) r), '{}')::text
            FROM f GROUP BY rule ORDER BY count(*) FILTER (WHERE outcome = 'rejected') DESC, rule
            """);
        var report = new List<RuleOutcomes>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var reasons = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(5)) ?? [];
            report.Add(new RuleOutcomes(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reasons));
        }
        return report;
    }

    public async Task<List<RejectCount>> RejectReportAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT first_channel, reason, count(*)::int FROM nurture_feedback WHERE outcome = 'rejected'
            GROUP BY first_channel, reason ORDER BY first_channel, count(*) DESC, reason
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<RejectCount>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(new(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        return rows;
    }

    /// <summary>Every training label: the lead, won (true) or lost (false), and when sales said so.</summary>
    public async Task<List<SalesOutcome>> OutcomesAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT lead_id, converted, at FROM nurture_outcomes ORDER BY at, lead_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var outcomes = new List<SalesOutcome>();
        while (await reader.ReadAsync(cancellationToken))
            outcomes.Add(new(reader.GetGuid(0), reader.GetBoolean(1), reader.GetFieldValue<DateTimeOffset>(2)));
        return outcomes;
    }

    public async Task<bool?> OutcomeAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT converted FROM nurture_outcomes WHERE lead_id = $1");
        command.Parameters.AddWithValue(leadId);
        return await command.ExecuteScalarAsync(cancellationToken) as bool?;
    }

    /// <summary>Every lead sales marked won, with when (for source analysis).</summary>
    public async Task<List<(Guid LeadId, DateTimeOffset At)>> WonAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT lead_id, min(at) FROM nurture_feedback WHERE outcome = 'won' GROUP BY lead_id");
        var won = new List<(Guid, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) won.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return won;
    }
}
