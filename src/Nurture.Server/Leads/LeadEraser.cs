using Microsoft.Extensions.Options;
using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Server.Imports;
using Nurture.Abstractions;
using Nurture.Email.Suppressions;

namespace Nurture.Server.Leads;

/// <summary>
/// Forgets a person everywhere: the lead grains (every merged id), the email and visitor indexes; in
/// PostgreSQL their sends, alerts with the mail and webhooks about them, assignments, feedback, merges,
/// segment memberships, reminders, what imports kept of them and training files that name them (<see cref="PostgresErasure"/>); in
/// ClickHouse their events, score changes, list rows and aliases. The email survives only as a
/// suppression hash, so an erased person is never mailed again.
/// Rows can still arrive after the request (a spool that had not reached ClickHouse or the lead yet, a
/// hand-off in flight), so all of it runs again after <see cref="PrivacyOptions.RecheckAfter"/>; when a
/// ClickHouse delete failed (or a recheck found the lead back), once more RecheckAfter after a round that
/// succeeded, for what the spools wrote when ClickHouse came back. Until the erasure completes its record
/// holds the lead ids, afterwards only their hashes.
/// </summary>
public sealed partial class LeadEraser(
    IGrainFactory grains,
    NpgsqlDataSource database,
    ClickHouseStore clickHouse,
    SuppressionList suppressions,
    ImportEmailIndex importEmails,
    IOptions<PrivacyOptions> options,
    TimeProvider time,
    ILogger<LeadEraser> logger) : BackgroundService
{
    /// <summary>Erases the lead and everything merged into it; null when no such lead exists.</summary>
    public async Task<ErasureReceipt?> EraseAsync(Guid leadId, string actor, CancellationToken cancellationToken)
    {
        var receipt = await grains.GetGrain<ILeadGrain>(leadId).EraseAsync();
        if (receipt is null) return null;
        foreach (var email in receipt.Emails) await suppressions.AddAsync(email, SuppressionList.Erased, cancellationToken);
        var erasure = Guid.NewGuid();
        var ids = receipt.LeadIds.ToArray();
        var record = new NpgsqlBatchCommand(
            "INSERT INTO nurture_erasures (id, lead_ids, actor, recheck_at) VALUES ($1, $2, $3, $4)");
        record.Parameters.AddWithValue(erasure);
        record.Parameters.AddWithValue(ids);
        record.Parameters.AddWithValue(actor);
        record.Parameters.AddWithValue(time.GetUtcNow() + options.Value.RecheckAfter);
        await ScrubPostgresAsync(erasure, ids, receipt.Emails, record, cancellationToken);
        try
        {
            await DeleteFromClickHouseAsync(ids, cancellationToken);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            // Remembered in PostgreSQL: the recheck deletes them once ClickHouse is back.
            LogClickHouseDeferred(ex, new LeadLogName(leadId));
            await SetRecheckAgainAsync(erasure, cancellationToken);
        }
        return receipt;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Files uploaded before the import index existed are read once here, so that no erasure waits for it.
            await importEmails.IndexPendingAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // An erasure indexes what is left before it looks.
            LogIndexFailed(ex);
        }
        await PeriodicWork.RunAsync(options.Value.PollInterval, time, RecheckDueAsync, LogRecheckFailed, stoppingToken);
    }

    private async Task RecheckDueAsync(CancellationToken cancellationToken)
    {
        var due = new List<(Guid Id, Guid[] LeadIds, bool Again, bool First)>();
        // Claimed by moving their next look a RecheckAfter on: another node leaves them alone, and one
        // that a crash interrupts is taken up again then.
        await using (var command = database.CreateCommand("""
            UPDATE nurture_erasures SET recheck_at = $1 + $2::interval, rechecks = rechecks + 1
            WHERE id IN (SELECT id FROM nurture_erasures WHERE completed_at IS NULL AND recheck_at <= $1
                         ORDER BY recheck_at LIMIT 100 FOR UPDATE SKIP LOCKED)
            RETURNING id, lead_ids, recheck_again, rechecks = 1
            """))
        {
            command.Parameters.AddWithValue(time.GetUtcNow());
            command.Parameters.AddWithValue(options.Value.RecheckAfter);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                due.Add((reader.GetGuid(0), reader.GetFieldValue<Guid[]>(1), reader.GetBoolean(2), reader.GetBoolean(3)));
        }
        foreach (var (id, leadIds, again, first) in due) await RecheckAsync(id, leadIds, again, first, cancellationToken);
    }

    private async Task RecheckAsync(Guid erasure, Guid[] leadIds, bool again, bool first, CancellationToken cancellationToken)
    {
        var ids = new HashSet<Guid>(leadIds);
        var emails = new List<string>();
        // At the first recheck a lead that is back came from a spool the lead had not taken yet at the
        // request: erased again. Later, it is the browser returning, as a stranger. Never one that merged
        // into a lead since, which would erase whoever that is.
        foreach (var id in first ? leadIds : [])
        {
            var lead = grains.GetGrain<ILeadGrain>(id);
            if (await lead.GetAsync() is not { MergedInto: null } || await lead.EraseAsync() is not { } receipt) continue;
            // Its erasure publishes a list row of its own, which the next round deletes.
            again = true;
            ids.UnionWith(receipt.LeadIds);
            emails.AddRange(receipt.Emails);
            foreach (var email in receipt.Emails) await suppressions.AddAsync(email, SuppressionList.Erased, cancellationToken);
        }
        var all = ids.ToArray();
        await ScrubPostgresAsync(erasure, all, emails, null, cancellationToken);
        try
        {
            await DeleteFromClickHouseAsync(all, cancellationToken);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            LogRecheckDeferred(ex, erasure);
            await SetRecheckAgainAsync(erasure, cancellationToken);
            return;
        }
        // After a failed delete, the rows the spools wrote once ClickHouse was back need one more look
        // (the claim made it due a RecheckAfter from now); otherwise the ids give way to their hashes.
        await using var command = database.CreateCommand(again
            ? "UPDATE nurture_erasures SET recheck_again = false, lead_ids = $2 WHERE id = $1"
            : """
              UPDATE nurture_erasures
              SET completed_at = now(), lead_ids = '{}', alert_ids = '{}',
                  lead_hashes = ARRAY(SELECT sha256(convert_to(x::text, 'UTF8')) FROM unnest($2::uuid[]) x)
              WHERE id = $1
              """);
        command.Parameters.AddWithValue(erasure);
        command.Parameters.AddWithValue(all);
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (!again) LogCompleted(erasure);
    }

    /// <summary>Everything PostgreSQL holds of the ids, in one transaction; <paramref name="first"/> runs first in it.</summary>
    private async Task ScrubPostgresAsync(
        Guid erasure, Guid[] ids, IReadOnlyCollection<string> emails, NpgsqlBatchCommand? first, CancellationToken cancellationToken)
    {
        // A file uploaded before the import index existed must be in it before the index is asked.
        await importEmails.IndexPendingAsync(cancellationToken);
        var emailKeys = emails.Select(ImportEmailIndex.Key).ToArray();
        var grainIds = ids.Select(id => grains.GetGrain<ILeadGrain>(id).GetGrainId().ToString()).ToArray();
        await using var batch = database.CreateBatch();
        if (first is not null) batch.BatchCommands.Add(first);
        foreach (var sql in PostgresErasure.Statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue(erasure);
            command.Parameters.AddWithValue(ids);
            command.Parameters.AddWithValue(emailKeys);
            command.Parameters.AddWithValue(grainIds);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task DeleteFromClickHouseAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        // By the ids' SHA-256, never the ids: ClickHouse keeps a mutation's text (system.mutations, the
        // table's mutation files and, on a cluster, the distributed DDL queue) long after it ran.
        var hashes = string.Join(", ", ids.Select(id => ClickHouseSql.Quote(LeadPseudonym.Hex(id).ToUpperInvariant())));
        string Of(string column) => $"hex(SHA256(toString({column}))) IN ({hashes})";
        // On a cluster the shards' local tables: a Distributed table takes no mutations.
        string Target(string table) => clickHouse.Layout.MutationTarget(table);
        await clickHouse.ExecuteAsync($"ALTER TABLE {Target("events")} DELETE WHERE {Of("lead_id")}", cancellationToken);
        await clickHouse.ExecuteAsync($"ALTER TABLE {Target("score_changes")} DELETE WHERE {Of("lead_id")}", cancellationToken);
        await clickHouse.ExecuteAsync($"ALTER TABLE {Target("lead_profiles")} DELETE WHERE {Of("lead_id")}", cancellationToken);
        await clickHouse.ExecuteAsync($"ALTER TABLE {Target("lead_aliases")} DELETE WHERE {Of("merged_id")} OR {Of("survivor_id")}", cancellationToken);
    }

    private async Task SetRecheckAgainAsync(Guid erasure, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("UPDATE nurture_erasures SET recheck_again = true WHERE id = $1");
        command.Parameters.AddWithValue(erasure);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool IsUnavailable(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or ClickHouse.Driver.ClickHouseServerException
        || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    // Leads by their pseudonym (LeadPseudonym), never their id: the log outlives the erasure.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Lead {Lead} erased; its ClickHouse rows are deleted at the recheck (ClickHouse unavailable)")]
    private partial void LogClickHouseDeferred(Exception ex, LeadLogName lead);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasure {ErasureId}: ClickHouse unavailable at the recheck; tried again after RecheckAfter")]
    private partial void LogRecheckDeferred(Exception ex, Guid erasureId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {ErasureId} complete; its record keeps only hashes of the lead ids")]
    private partial void LogCompleted(Guid erasureId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexing the addresses of earlier imports failed; the next erasure does it")]
    private partial void LogIndexFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasure recheck failed; retrying at the next poll")]
    private partial void LogRecheckFailed(Exception ex);
}
