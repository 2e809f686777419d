using System.Text.Json;
using Npgsql;
using Nurture.Email.Sending;

namespace Nurture.Email.Outbox;

/// <summary>
/// The durable send queue in PostgreSQL. Claiming a row takes a lease (next_attempt_at moves two
/// minutes ahead); a node that dies mid-send leaves the lease to expire and another node sends it.
/// </summary>
public sealed class EmailOutbox(NpgsqlDataSource database, Nurture.Spool.EventSpool spool, TimeProvider time)
{
    /// <summary>This process: the node's stable id plus an id of this run of it.</summary>
    private readonly string claimant = $"{spool.NodeId}/{Guid.NewGuid():N}";

    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
    public const string Capped = "capped";
    /// <summary>The note a queued send of a paused flow carries until the flow starts again.</summary>
    public const string HeldWhileFlowPaused = "held: its flow is paused";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Mail to our own users (a hot-lead alert to a sales rep) rather than to a lead: it must go out at
    /// once, so lead frequency caps and quiet hours do not apply.
    /// </summary>
    public static bool IsTransactional(string origin) =>
        origin.StartsWith("handoff:", StringComparison.Ordinal) || origin.StartsWith(DigestOrigin, StringComparison.Ordinal);

    /// <summary>The origin prefix of the weekly digest to console users: transactional like the hand-off mail.</summary>
    public const string DigestOrigin = "digest:";
    private const string Columns =
        "id, lead_id, to_address, template_id, subject, html, text_part, links::text, unsubscribe_url, time_zone, origin, status, attempts, last_error, sent_at, " +
        "from_address, from_name, reply_to, is_test";

    /// <summary>The status of a test send while the template editor sends it (the outbox never claims it).</summary>
    public const string SendingTest = "sending-test";

    /// <summary>Queues the send unless a send with its id exists; true when it was new.</summary>
    public async Task<bool> EnqueueAsync(QueuedEmail email, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(InsertSql + " ON CONFLICT (id) DO NOTHING");
        AddInsertParameters(command, email, time.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private const string InsertSql = """
        INSERT INTO nurture_email_sends (id, lead_id, to_address, template_id, subject, html, text_part, links, unsubscribe_url, time_zone, origin, status, last_error,
            from_address, from_name, reply_to, is_test, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
        """;

    private static void AddInsertParameters(NpgsqlCommand command, QueuedEmail email, DateTimeOffset createdAt)
    {
        var p = command.Parameters;
        p.AddWithValue(email.Id);
        p.AddWithValue(email.LeadId);
        p.AddWithValue(email.To);
        p.AddWithValue(email.TemplateId);
        p.AddWithValue(email.Subject);
        p.AddWithValue(email.Html);
        p.AddWithValue(email.Text);
        p.AddWithValue(JsonSerializer.Serialize(email.Links));
        p.AddWithValue((object?)email.UnsubscribeUrl ?? DBNull.Value);
        p.AddWithValue((object?)email.TimeZone ?? DBNull.Value);
        p.AddWithValue(email.Origin);
        p.AddWithValue(email.Status);
        p.AddWithValue((object?)email.LastError ?? DBNull.Value);
        p.AddWithValue((object?)email.Sender?.FromAddress ?? DBNull.Value);
        p.AddWithValue((object?)email.Sender?.FromName ?? DBNull.Value);
        p.AddWithValue((object?)email.Sender?.ReplyTo ?? DBNull.Value);
        p.AddWithValue(email.IsTest);
        p.AddWithValue(createdAt);
    }

    /// <summary>
    /// Records a test send (status <see cref="SendingTest"/>) unless its origin (who asked) has made
    /// <paramref name="perHour"/> test sends in the hour before now. One person's requests are counted under
    /// a lock on their origin, so racing requests cannot each slip under the limit. Answers null when the
    /// send was recorded, otherwise when the oldest counted send leaves the hour.
    /// </summary>
    public async Task<DateTimeOffset?> RecordTestAsync(QueuedEmail email, int perHour, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockOrigin = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('nurture-test-send:' || $1, 0))", connection, transaction))
        {
            lockOrigin.Parameters.AddWithValue(email.Origin);
            await lockOrigin.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var count = new NpgsqlCommand(
            "SELECT count(*)::int, min(created_at) FROM nurture_email_sends WHERE is_test AND origin = $1 AND created_at > $2", connection, transaction))
        {
            count.Parameters.AddWithValue(email.Origin);
            count.Parameters.AddWithValue(now - TestSendWindow);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt32(0) >= perHour) return OldestLeavesWindow(reader.GetFieldValue<DateTimeOffset>(1), now);
        }
        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            AddInsertParameters(insert, email with { Status = SendingTest, IsTest = true }, now);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Test sends are counted over this sliding window.</summary>
    public static readonly TimeSpan TestSendWindow = TimeSpan.FromHours(1);

    // Approximate: the oldest counted send leaving makes room for one more.
    private static DateTimeOffset OldestLeavesWindow(DateTimeOffset oldest, DateTimeOffset now) =>
        oldest + TestSendWindow > now ? oldest + TestSendWindow : now + TimeSpan.FromSeconds(1);

    /// <summary>Takes due sends (and sends whose lease expired) for this node.</summary>
    public async Task<List<QueuedEmail>> ClaimDueAsync(int max, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            UPDATE nurture_email_sends SET status = 'sending', attempts = attempts + 1, next_attempt_at = now() + $2::interval, claimed_by = $3
            WHERE id IN (SELECT id FROM nurture_email_sends
                         WHERE status IN ('queued', 'sending') AND next_attempt_at <= now()
                         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """);
        command.Parameters.AddWithValue(max);
        command.Parameters.AddWithValue(Lease);
        command.Parameters.AddWithValue(claimant);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// After a crash, the sends this node's previous process held go back to the queue at once. One of
    /// them may have reached the SMTP server in the last milliseconds before the crash; it then goes
    /// again with the same Message-ID. Waiting for the lease would delay every one of them instead.
    /// </summary>
    public async Task<int> ReclaimFromPreviousRunAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE nurture_email_sends SET status = 'queued', next_attempt_at = now() WHERE status = 'sending' AND claimed_by LIKE $1 AND claimed_by <> $2");
        command.Parameters.AddWithValue($"{spool.NodeId}/%");
        command.Parameters.AddWithValue(claimant);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkAsync(Guid id, string status, string? error, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE nurture_email_sends SET status = $2, last_error = $3, sent_at = CASE WHEN $2 = 'sent' THEN $4 ELSE sent_at END WHERE id = $1");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        // The server's clock, not the database's: the link-scanner window and the frequency caps measure from it.
        command.Parameters.AddWithValue(time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Back to the queue until <paramref name="at"/> (a transient failure, or quiet hours).</summary>
    public async Task RequeueAsync(Guid id, DateTimeOffset at, string? error, bool countAttempt, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE nurture_email_sends SET status = 'queued', next_attempt_at = $2, last_error = $3, attempts = attempts - $4 WHERE id = $1");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(at);
        command.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue(countAttempt ? 0 : 1);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The flow started again: its sends held by the pause are due at <paramref name="at"/>.</summary>
    public async Task<int> ReleaseHeldAsync(string flowId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE nurture_email_sends SET next_attempt_at = $2 WHERE status = 'queued' AND last_error = $3 AND starts_with(origin, $1)");
        command.Parameters.AddWithValue(Nurture.Flows.FlowEmailOrigin.PrefixOf(flowId));
        command.Parameters.AddWithValue(at);
        command.Parameters.AddWithValue(HeldWhileFlowPaused);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>What the frequency cap counts: emails sent to the lead in the 24 hours and in the 7 days before <paramref name="now"/>.</summary>
    public async Task<(int Day, int Week)> SentToLeadAsync(Guid leadId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT (count(*) FILTER (WHERE sent_at >= $2))::int, count(*)::int FROM nurture_email_sends WHERE lead_id = $1 AND status = 'sent' AND sent_at >= $3 AND NOT is_test");
        command.Parameters.AddWithValue(leadId);
        command.Parameters.AddWithValue(now.AddDays(-1));
        command.Parameters.AddWithValue(now.AddDays(-7));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <summary>What a lead's story shows of each send: its subject and template, by send id (test sends are not among them).</summary>
    public async Task<IReadOnlyDictionary<Guid, SendSummary>> SummariesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return new Dictionary<Guid, SendSummary>();
        await using var command = database.CreateCommand(
            "SELECT id, subject, template_id, status, sent_at FROM nurture_email_sends WHERE id = ANY($1) AND NOT is_test");
        command.Parameters.AddWithValue(ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new Dictionary<Guid, SendSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetGuid(0)] = new SendSummary(reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
        }
        return found;
    }

    public async Task<QueuedEmail?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_email_sends WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    private static async Task<List<QueuedEmail>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var emails = new List<QueuedEmail>();
        while (await reader.ReadAsync(cancellationToken))
        {
            emails.Add(new QueuedEmail(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), JsonSerializer.Deserialize<List<string>>(reader.GetString(7))!,
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetString(10),
                reader.GetString(11), reader.GetInt32(12), reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
                reader.IsDBNull(15) && reader.IsDBNull(16) && reader.IsDBNull(17) ? null
                    : new Sender(reader.IsDBNull(15) ? null : reader.GetString(15), reader.IsDBNull(16) ? null : reader.GetString(16), reader.IsDBNull(17) ? null : reader.GetString(17)),
                reader.GetBoolean(18)));
        }
        return emails;
    }
}
