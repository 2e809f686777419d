using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring;

namespace Nurture.Handoff.Alerts;

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
            if (!change.EntersHot) continue;
            if (await RecordAsync(change, cancellationToken) is { } alertId) signal.Notify(alertId);
        }
    }

    public static Guid AlertId(Guid leadId, string eventId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"alert:{leadId:N}:{eventId}")).AsSpan(0, 16));

    /// <summary>
    /// Inserts the alert unless this lead has one within the cool-down of the time it got hot, before or after
    /// it (entries reach here out of order when they come through different nodes); the new id or null. The
    /// check and the insert hold a per-lead lock: two nodes (or two batches) recording different entries into
    /// hot for one lead at the same moment would otherwise both find no alert and both insert.
    /// </summary>
    private async Task<Guid?> RecordAsync(ScoreChange change, CancellationToken cancellationToken)
    {
        var id = AlertId(change.LeadId, change.EventId);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockLead = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockLead.Parameters.AddWithValue(LockKey(change.LeadId));
            await lockLead.ExecuteNonQueryAsync(cancellationToken);
        }
        // A statement of its own after the lock: under READ COMMITTED it sees every alert committed before it.
        await using var insert = new NpgsqlCommand("""
            INSERT INTO nurture_alerts (id, lead_id, event_id, triggered_at)
            SELECT $1, $2, $3, $4
            WHERE NOT EXISTS (SELECT 1 FROM nurture_alerts
                              WHERE lead_id = $2 AND id <> $1 AND triggered_at > $4 - $5::interval AND triggered_at < $4 + $5::interval)
            ON CONFLICT (id) DO NOTHING
            """, connection, transaction);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(change.LeadId);
        insert.Parameters.AddWithValue(change.EventId);
        insert.Parameters.AddWithValue(change.At);
        insert.Parameters.AddWithValue(options.Value.CoolDown);
        var inserted = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        await transaction.CommitAsync(cancellationToken);
        return inserted ? id : null;
    }

    /// <summary>The lead's advisory lock key: a hash of its id with a tag of this lock's own, so other advisory locks do not collide with it.</summary>
    private static long LockKey(Guid leadId) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"alert-cool-down:{leadId:N}")), 0);
}
