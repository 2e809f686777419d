using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring;

namespace Nurture.Server.Handoff;

/// <summary>
/// Turns "a lead entered hot" into a durable alert row, then wakes the <see cref="HandoffWorker"/>.
/// Runs inside the dispatcher before its checkpoint moves, so it only inserts (no HTTP): a crash
/// replays the batch, and the id derived from (lead, event) makes the replay insert nothing.
/// </summary>
public sealed class HotLeadAlerter(NpgsqlDataSource database, AlertSignal signal, IOptions<HandoffOptions> options) : IScoreChangeObserver
{
    public async ValueTask OnChangesAsync(IReadOnlyList<ScoreChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            if (change.Kind != ScoreChange.StageKind || change.Stage != LeadStages.Hot) continue;
            if (await RecordAsync(change, cancellationToken) is { } alertId) signal.Notify(alertId);
        }
    }

    public static Guid AlertId(Guid leadId, string eventId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"alert:{leadId:N}:{eventId}")).AsSpan(0, 16));

    /// <summary>Inserts the alert unless this lead had one within the cool-down (by the time it got hot); the new id or null.</summary>
    private async Task<Guid?> RecordAsync(ScoreChange change, CancellationToken cancellationToken)
    {
        var id = AlertId(change.LeadId, change.EventId);
        await using var command = database.CreateCommand("""
            INSERT INTO nurture_alerts (id, lead_id, event_id, triggered_at)
            SELECT $1, $2, $3, $4
            WHERE NOT EXISTS (SELECT 1 FROM nurture_alerts
                              WHERE lead_id = $2 AND id <> $1 AND triggered_at > $4 - $5::interval AND triggered_at <= $4)
            ON CONFLICT (id) DO NOTHING
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(change.LeadId);
        command.Parameters.AddWithValue(change.EventId);
        command.Parameters.AddWithValue(change.At);
        command.Parameters.AddWithValue(options.Value.CoolDown);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? id : null;
    }
}
