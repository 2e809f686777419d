using Npgsql;
using Nurture.Abstractions.Leads;

namespace Nurture.Handoff.Reps;

/// <summary>
/// Assigns hot leads to reps by <see cref="RepChooser"/>'s rules, reading from PostgreSQL what each rule needs
/// (the owner's rep, the latest assignment, the reps under capacity) only when the rules before it chose nobody.
/// </summary>
public sealed class RepAssigner(NpgsqlDataSource database, RepStore reps, TimeProvider time)
{
    // A rep's open hot leads: leads whose newest assignment is theirs, with no closing feedback since.
    private const string OpenLeads = """
        (SELECT count(*) FROM (SELECT DISTINCT ON (a.lead_id) a.lead_id, a.rep_id, a.at FROM nurture_assignments a
                               ORDER BY a.lead_id, a.at DESC) latest
         WHERE latest.rep_id = r.id
           AND NOT EXISTS (SELECT 1 FROM nurture_feedback f WHERE f.lead_id = latest.lead_id
                           AND f.outcome IN ('rejected', 'won', 'lost') AND f.at >= latest.at))
        """;

    /// <param name="takenFrom">A rep who had the lead and did not answer in time: never chosen again for it.</param>
    public async Task<Assignment> AssignAsync(Guid alertId, LeadState lead, string? takenFrom, CancellationToken cancellationToken)
    {
        if (await RecordedAsync(alertId, cancellationToken) is { } recorded) return recorded;
        var assignment = await ChooseAsync(lead, takenFrom, cancellationToken);
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

    private async Task<Assignment> ChooseAsync(LeadState lead, string? takenFrom, CancellationToken cancellationToken)
    {
        if (RepChooser.OwnerId(lead, takenFrom) is { } owner && await reps.GetAsync(owner, cancellationToken) is { Active: true } ownerRep)
            return new(ownerRep, RepChooser.OwnerReason);
        if (await PreviousRepAsync(lead.Id, cancellationToken) is { Active: true } previous && previous.Id != takenFrom)
            return new(previous, RepChooser.PreviousReason);
        return RepChooser.FromAvailable(lead, await AvailableAsync(cancellationToken), takenFrom);
    }

    /// <summary>Active reps under capacity, least recently assigned first (that order is the round-robin).</summary>
    private async Task<List<Rep>> AvailableAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT r.id, r.name, r.email, r.active, r.capacity, r.countries, r.industries, r.webhook_url, r.slack_webhook_url,
                   r.regions, r.company_sizes, r.channels
            FROM nurture_reps r
            WHERE r.active AND {OpenLeads} < r.capacity
            ORDER BY (SELECT max(at) FROM nurture_assignments a WHERE a.rep_id = r.id) ASC NULLS FIRST, r.id
            """);
        return await RepStore.ReadAllAsync(command, cancellationToken);
    }

    private async Task<Rep?> PreviousRepAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT rep_id FROM nurture_assignments WHERE lead_id = $1 AND rep_id IS NOT NULL ORDER BY at DESC LIMIT 1");
        command.Parameters.AddWithValue(leadId);
        return await command.ExecuteScalarAsync(cancellationToken) is string repId ? await reps.GetAsync(repId, cancellationToken) : null;
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
