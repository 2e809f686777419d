using Microsoft.Extensions.Options;
using Npgsql;

namespace Nurture.Handoff.Alerts;

/// <summary>An alert waiting to be assigned and rendered.</summary>
/// <param name="TakenFrom">Set on a reassignment: the rep who did not answer in time, who must not get it again.</param>
/// <param name="Note">Set when a flow asked for the hand-off: why, in the flow's words.</param>
public sealed record PendingAlert(Guid Id, Guid LeadId, DateTimeOffset TriggeredAt, string? TakenFrom = null, string? Note = null);

/// <summary>One webhook or Slack call of an alert; its body is fixed when the alert is prepared, so retries and replays send the same bytes.</summary>
public sealed record AlertDelivery(Guid AlertId, string Target, string Kind, string Url, string Body, int Attempts);

public sealed record DeliveryView(string Target, string Kind, string Url, string Status, int Attempts, string? LastError, DateTimeOffset? DeliveredAt);

public sealed record AlertView(Guid Id, Guid LeadId, string EventId, DateTimeOffset TriggeredAt, string Status, string? RepId, string? Reason, IReadOnlyList<DeliveryView> Deliveries);

/// <summary>
/// Alerts and their deliveries in PostgreSQL. Claiming a delivery takes a lease (its next attempt moves
/// ahead by <see cref="HandoffOptions.DeliveryLease"/>), so a node that dies mid-call leaves it to be retried, never lost.
/// </summary>
public sealed class AlertStore(NpgsqlDataSource database, IOptions<HandoffOptions> options)
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";

    public async Task<List<PendingAlert>> PendingAsync(int max, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT id, lead_id, triggered_at, taken_from, note FROM nurture_alerts WHERE status = 'pending' ORDER BY created_at LIMIT $1");
        command.Parameters.AddWithValue(max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<PendingAlert>();
        while (await reader.ReadAsync(cancellationToken))
            alerts.Add(new(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        return alerts;
    }

    /// <summary>Stores the rendered payload and the deliveries, and moves the alert on (idempotent).</summary>
    public async Task PrepareAsync(Guid alertId, string payload, IReadOnlyList<AlertDelivery> deliveries, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var d in deliveries)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO nurture_alert_deliveries (alert_id, target, kind, url, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", connection, transaction);
            insert.Parameters.AddWithValue(d.AlertId);
            insert.Parameters.AddWithValue(d.Target);
            insert.Parameters.AddWithValue(d.Kind);
            insert.Parameters.AddWithValue(d.Url);
            insert.Parameters.AddWithValue(d.Body);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var update = new NpgsqlCommand(
            "UPDATE nurture_alerts SET payload = $2::jsonb, status = 'sending' WHERE id = $1 AND status = 'pending'", connection, transaction))
        {
            update.Parameters.AddWithValue(alertId);
            update.Parameters.AddWithValue(payload);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await RefreshAsync(connection, transaction, alertId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<List<AlertDelivery>> ClaimDueAsync(int max, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            UPDATE nurture_alert_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + $2::interval
            WHERE (d.alert_id, d.target) IN (SELECT alert_id, target FROM nurture_alert_deliveries
                                             WHERE status = 'pending' AND next_attempt_at <= now()
                                             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING d.alert_id, d.target, d.kind, d.url, d.body, d.attempts
            """);
        command.Parameters.AddWithValue(max);
        command.Parameters.AddWithValue(options.Value.DeliveryLease);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<AlertDelivery>();
        while (await reader.ReadAsync(cancellationToken))
            due.Add(new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5)));
        return due;
    }

    /// <summary>Records the outcome of one attempt: delivered, retry at <paramref name="retryAt"/>, or dead when that is null.</summary>
    public async Task RecordAttemptAsync(AlertDelivery delivery, bool delivered, DateTimeOffset? retryAt, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand("""
            UPDATE nurture_alert_deliveries
            SET status = CASE WHEN $3 THEN 'delivered' WHEN $4::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
                delivered_at = CASE WHEN $3 THEN now() ELSE delivered_at END,
                next_attempt_at = coalesce($4::timestamptz, next_attempt_at), last_error = $5
            WHERE alert_id = $1 AND target = $2
            """, connection, transaction))
        {
            update.Parameters.AddWithValue(delivery.AlertId);
            update.Parameters.AddWithValue(delivery.Target);
            update.Parameters.AddWithValue(delivered);
            update.Parameters.AddWithValue((object?)retryAt ?? DBNull.Value);
            update.Parameters.AddWithValue((object?)error ?? DBNull.Value);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await RefreshAsync(connection, transaction, delivery.AlertId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Gives dead deliveries of the alert a fresh set of attempts; false for an unknown alert.</summary>
    public async Task<bool> ReplayAsync(Guid alertId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM nurture_alerts WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            exists.Parameters.AddWithValue(alertId);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null) return false;
        }
        await using (var update = new NpgsqlCommand(
            "UPDATE nurture_alert_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL WHERE alert_id = $1 AND status = 'dead'",
            connection, transaction))
        {
            update.Parameters.AddWithValue(alertId);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await RefreshAsync(connection, transaction, alertId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<List<AlertView>> ListAsync(string? status, Guid? id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT a.id, a.lead_id, a.event_id, a.triggered_at, a.status, s.rep_id, s.reason,
                   d.target, d.kind, d.url, d.status, d.attempts, d.last_error, d.delivered_at
            FROM nurture_alerts a
            LEFT JOIN nurture_assignments s ON s.alert_id = a.id
            LEFT JOIN nurture_alert_deliveries d ON d.alert_id = a.id
            WHERE ($1::varchar IS NULL OR a.status = $1) AND ($2::uuid IS NULL OR a.id = $2)
            ORDER BY a.created_at DESC, a.id, d.target
            LIMIT 5000
            """);
        command.Parameters.AddWithValue((object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)id ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<AlertView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var alertId = reader.GetGuid(0);
            if (alerts.Count == 0 || alerts[^1].Id != alertId)
            {
                alerts.Add(new(alertId, reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), new List<DeliveryView>()));
            }
            if (reader.IsDBNull(7)) continue;
            ((List<DeliveryView>)alerts[^1].Deliveries).Add(new(reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetString(10),
                reader.GetInt32(11), reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13)));
        }
        return alerts;
    }

    /// <summary>The alert's status follows its deliveries: dead if any is dead, sending while any is pending.</summary>
    private static async Task RefreshAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid alertId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE nurture_alerts a SET status = CASE
                WHEN EXISTS (SELECT 1 FROM nurture_alert_deliveries d WHERE d.alert_id = a.id AND d.status = 'dead') THEN 'dead'
                WHEN EXISTS (SELECT 1 FROM nurture_alert_deliveries d WHERE d.alert_id = a.id AND d.status = 'pending') THEN 'sending'
                ELSE 'delivered' END
            WHERE a.id = $1 AND a.status <> 'pending'
            """, connection, transaction);
        command.Parameters.AddWithValue(alertId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
