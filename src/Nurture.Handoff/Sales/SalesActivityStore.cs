using Npgsql;

namespace Nurture.Handoff.Sales;

/// <summary>The newest call, meeting or note on a lead: what, with what outcome, by whom, when.</summary>
public sealed record LastActivity(string Kind, string? Outcome, string Actor, DateTimeOffset At);

/// <summary>
/// The rep's logged calls, meetings and notes (nurture_sales_activities), without their text (that is in the
/// lead's event): the SLA watch takes one by the assigned rep as the answer that stops its clock.
/// </summary>
public sealed class SalesActivityStore(NpgsqlDataSource database)
{
    public async Task RecordAsync(Guid id, Guid leadId, string? repId, string kind, string? outcome, string actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO nurture_sales_activities (id, lead_id, rep_id, kind, outcome, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (id) DO NOTHING
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(leadId);
        command.Parameters.AddWithValue((object?)repId ?? DBNull.Value);
        command.Parameters.AddWithValue(kind);
        command.Parameters.AddWithValue((object?)outcome ?? DBNull.Value);
        command.Parameters.AddWithValue(actor.Length > 320 ? actor[..320] : actor);
        command.Parameters.AddWithValue(at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
