using Microsoft.Extensions.Options;
using Npgsql;

namespace Nurture.Handoff.Alerts;

/// <summary>An alert waiting to be assigned and rendered.</summary>
/// <param name="TakenFrom">Set on a reassignment: the rep who did not answer in time, who must not get it again.</param>
/// <param name="Note">Set when a flow asked for the hand-off: why, in the flow's words.</param>
public sealed record PendingAlert(Guid Id, Guid LeadId, DateTimeOffset TriggeredAt, string? TakenFrom = null, string? Note = null);

/// <summary>One webhook or Slack call of an alert; its body is fixed when the alert is prepared, so retries and replays send the same bytes.</summary>
public sealed record AlertDelivery(Guid AlertId, string Target, string Kind, string Url, string Body, int Attempts);

/// <summary>
/// A webhook or Slack delivery of an alert: where it stands, its attempts so far (since the last replay), the last error,
/// when the next attempt is due (while pending), and its <see cref="History"/> of attempts and replays, oldest first.
/// </summary>
public sealed record DeliveryView(
    string Target, string Kind, string Url, string Status, int Attempts, string? LastError, DateTimeOffset? DeliveredAt,
    DateTimeOffset? NextAttemptAt, IReadOnlyList<AttemptView> History);

/// <summary>One attempt (outcome delivered, retry or dead) or replay (outcome replayed, with who asked) of a delivery.</summary>
public sealed record AttemptView(int Attempt, DateTimeOffset At, string Outcome, string? Error, DateTimeOffset? NextAttemptAt, string? Actor);

/// <summary>An email the hand-off queued about the alert (the rep's alert, a reminder), as the outbox has it.</summary>
public sealed record AlertEmailView(string To, string Kind, string Status, int Attempts, string? LastError, DateTimeOffset? SentAt);

/// <summary>An alert: the lead (its email and name as the alert carried them), who got it and why, and each delivery per channel.</summary>
public sealed record AlertView(
    Guid Id, Guid LeadId, string EventId, DateTimeOffset TriggeredAt, string Status, string? RepId, string? Reason,
    IReadOnlyList<DeliveryView> Deliveries, string? LeadEmail, string? LeadName, string? RepName, string? Note, IReadOnlyList<AlertEmailView> Emails);

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
    /// <summary>An attempt's outcome in the history: failed, and tried again later.</summary>
    public const string Retry = "retry";
    /// <summary>A history entry: an admin gave the dead delivery a fresh set of attempts.</summary>
    public const string Replayed = "replayed";
    public const int DefaultListLimit = 200;
    public const int MaxListLimit = 1000;

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
        await using (var log = new NpgsqlCommand("""
            INSERT INTO nurture_alert_attempts (alert_id, target, attempt, outcome, error, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6)
            """, connection, transaction))
        {
            log.Parameters.AddWithValue(delivery.AlertId);
            log.Parameters.AddWithValue(delivery.Target);
            log.Parameters.AddWithValue(delivery.Attempts);
            log.Parameters.AddWithValue(delivered ? Delivered : retryAt is null ? Dead : Retry);
            log.Parameters.AddWithValue((object?)error ?? DBNull.Value);
            log.Parameters.AddWithValue((object?)retryAt ?? DBNull.Value);
            await log.ExecuteNonQueryAsync(cancellationToken);
        }
        await RefreshAsync(connection, transaction, delivery.AlertId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Gives dead deliveries of the alert a fresh set of attempts, noting who asked in their history; false for an unknown alert.</summary>
    public async Task<bool> ReplayAsync(Guid alertId, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM nurture_alerts WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            exists.Parameters.AddWithValue(alertId);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null) return false;
        }
        await using (var log = new NpgsqlCommand("""
            INSERT INTO nurture_alert_attempts (alert_id, target, attempt, outcome, error, actor)
            SELECT alert_id, target, attempts, 'replayed', last_error, $2 FROM nurture_alert_deliveries WHERE alert_id = $1 AND status = 'dead'
            """, connection, transaction))
        {
            log.Parameters.AddWithValue(alertId);
            log.Parameters.AddWithValue(actor);
            await log.ExecuteNonQueryAsync(cancellationToken);
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

    /// <summary>The newest alerts (at most <paramref name="limit"/>), or the one with <paramref name="id"/>, with their deliveries, histories and emails.</summary>
    public async Task<List<AlertView>> ListAsync(string? status, Guid? id, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var alerts = new List<AlertView>();
        await using (var command = new NpgsqlCommand("""
            SELECT a.id, a.lead_id, a.event_id, a.triggered_at, a.status, s.rep_id, s.reason,
                   a.payload->'lead'->>'email', a.payload->'lead'->>'name', r.name, a.note
            FROM nurture_alerts a
            LEFT JOIN nurture_assignments s ON s.alert_id = a.id
            LEFT JOIN nurture_reps r ON r.id = s.rep_id
            WHERE ($1::varchar IS NULL OR a.status = $1) AND ($2::uuid IS NULL OR a.id = $2)
            ORDER BY a.created_at DESC, a.id
            LIMIT $3
            """, connection))
        {
            command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Varchar, (object?)status ?? DBNull.Value);
            command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, (object?)id ?? DBNull.Value);
            command.Parameters.AddWithValue(limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                alerts.Add(new(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4),
                    Text(reader, 5), Text(reader, 6), new List<DeliveryView>(), Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10),
                    new List<AlertEmailView>()));
            }
        }
        if (alerts.Count == 0) return alerts;
        var ids = alerts.Select(a => a.Id).ToArray();
        var byId = alerts.ToDictionary(a => a.Id);
        var histories = await HistoriesAsync(connection, ids, cancellationToken);
        await using (var command = new NpgsqlCommand("""
            SELECT alert_id, target, kind, url, status, attempts, last_error, delivered_at, next_attempt_at
            FROM nurture_alert_deliveries WHERE alert_id = ANY($1) ORDER BY alert_id, target
            """, connection))
        {
            command.Parameters.AddWithValue(ids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (alertId, target, deliveryStatus) = (reader.GetGuid(0), reader.GetString(1), reader.GetString(4));
                ((List<DeliveryView>)byId[alertId].Deliveries).Add(new(target, reader.GetString(2), reader.GetString(3), deliveryStatus,
                    reader.GetInt32(5), Text(reader, 6), reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                    // Only a pending delivery has a next attempt; for the others the column holds the last lease.
                    deliveryStatus == Pending ? reader.GetFieldValue<DateTimeOffset>(8) : null,
                    histories.TryGetValue((alertId, target), out var history) ? history : []));
            }
        }
        // The hand-off keys the mail about an alert by the alert's id (see HandoffWorker.QueueEmailAsync).
        await using (var command = new NpgsqlCommand("""
            SELECT lead_id, to_address, template_id, status, attempts, last_error, sent_at
            FROM nurture_email_sends WHERE lead_id = ANY($1) AND starts_with(origin, 'handoff') ORDER BY created_at
            """, connection))
        {
            command.Parameters.AddWithValue(ids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ((List<AlertEmailView>)byId[reader.GetGuid(0)].Emails).Add(new(reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetInt32(4), Text(reader, 5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }
        return alerts;
    }

    private static async Task<Dictionary<(Guid, string), List<AttemptView>>> HistoriesAsync(NpgsqlConnection connection, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT alert_id, target, attempt, at, outcome, error, next_attempt_at, actor
            FROM nurture_alert_attempts WHERE alert_id = ANY($1) ORDER BY alert_id, target, id
            """, connection);
        command.Parameters.AddWithValue(ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var histories = new Dictionary<(Guid, string), List<AttemptView>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetGuid(0), reader.GetString(1));
            if (!histories.TryGetValue(key, out var list)) histories[key] = list = [];
            list.Add(new(reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), Text(reader, 5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), Text(reader, 7)));
        }
        return histories;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

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
