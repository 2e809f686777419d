using Microsoft.Extensions.Options;
using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Server.Email;
using Nurture.Server.Hosting;

namespace Nurture.Server.Leads;

/// <summary>
/// Forgets a person everywhere: the lead grains (every merged id), the email and visitor indexes,
/// PostgreSQL's sends, alerts and feedback, and ClickHouse's events, score changes and lead rows. The
/// email survives only as a suppression hash, so an erased person is never mailed again.
/// ClickHouse deletes are asynchronous mutations and rows may still sit in a spool, so they run again
/// after <see cref="PrivacyOptions.RecheckAfter"/>; the request is remembered in PostgreSQL until then.
/// </summary>
public sealed partial class LeadEraser(
    IGrainFactory grains,
    NpgsqlDataSource database,
    ClickHouseStore clickHouse,
    SuppressionList suppressions,
    IOptions<PrivacyOptions> options,
    TimeProvider time,
    ILogger<LeadEraser> logger) : BackgroundService
{
    private static readonly string[] PostgresDeletes =
    [
        "DELETE FROM nurture_alert_deliveries WHERE alert_id IN (SELECT id FROM nurture_alerts WHERE lead_id = ANY($1))",
        "DELETE FROM nurture_alerts WHERE lead_id = ANY($1)",
        "DELETE FROM nurture_assignments WHERE lead_id = ANY($1)",
        "DELETE FROM nurture_feedback WHERE lead_id = ANY($1)",
        "DELETE FROM nurture_outcomes WHERE lead_id = ANY($1)",
        "DELETE FROM nurture_email_sends WHERE lead_id = ANY($1)",
        "DELETE FROM nurture_merges WHERE survivor_id = ANY($1) OR merged_ids && $1",
        // An uploaded file that named the person is emptied: that import can no longer be re-run.
        "UPDATE nurture_imports SET file_bytes = ''::bytea WHERE id IN (SELECT import_id FROM nurture_import_rows WHERE lead_id = ANY($1))",
        "DELETE FROM nurture_import_rows WHERE lead_id = ANY($1)",
    ];

    /// <summary>Erases the lead and everything merged into it; null when no such lead exists.</summary>
    public async Task<ErasureReceipt?> EraseAsync(Guid leadId, string actor, CancellationToken cancellationToken)
    {
        var receipt = await grains.GetGrain<ILeadGrain>(leadId).EraseAsync();
        if (receipt is null) return null;
        foreach (var email in receipt.Emails) await suppressions.AddAsync(email, SuppressionList.Erased, cancellationToken);
        var ids = receipt.LeadIds.ToArray();
        await using (var batch = database.CreateBatch())
        {
            foreach (var sql in PostgresDeletes)
            {
                var command = new NpgsqlBatchCommand(sql);
                command.Parameters.AddWithValue(ids);
                batch.BatchCommands.Add(command);
            }
            var record = new NpgsqlBatchCommand(
                "INSERT INTO nurture_erasures (id, lead_ids, actor, recheck_at) VALUES ($1, $2, $3, $4)");
            record.Parameters.AddWithValue(Guid.NewGuid());
            record.Parameters.AddWithValue(ids);
            record.Parameters.AddWithValue(actor);
            record.Parameters.AddWithValue(time.GetUtcNow() + options.Value.RecheckAfter);
            batch.BatchCommands.Add(record);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await DeleteFromClickHouseAsync(ids, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or ClickHouse.Driver.ClickHouseServerException)
        {
            // Remembered in PostgreSQL: the recheck deletes them once ClickHouse is back.
            LogClickHouseDeferred(ex, leadId);
        }
        return receipt;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.PollInterval, time, RecheckDueAsync, LogRecheckFailed, stoppingToken);

    private async Task RecheckDueAsync(CancellationToken cancellationToken)
    {
        var due = new List<(Guid Id, Guid[] LeadIds)>();
        await using (var command = database.CreateCommand(
            "SELECT id, lead_ids FROM nurture_erasures WHERE completed_at IS NULL AND recheck_at <= $1 ORDER BY recheck_at LIMIT 100"))
        {
            command.Parameters.AddWithValue(time.GetUtcNow());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) due.Add((reader.GetGuid(0), reader.GetFieldValue<Guid[]>(1)));
        }
        foreach (var (id, leadIds) in due)
        {
            await DeleteFromClickHouseAsync(leadIds, cancellationToken);
            await using var done = database.CreateCommand("UPDATE nurture_erasures SET completed_at = now() WHERE id = $1");
            done.Parameters.AddWithValue(id);
            await done.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task DeleteFromClickHouseAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ClickHouseSql.List(ids);
        // On a cluster the shards' local tables: a Distributed table takes no mutations.
        string Target(string table) => clickHouse.Layout.MutationTarget(table);
        await clickHouse.ExecuteAsync($"ALTER TABLE {Target("events")} DELETE WHERE lead_id IN ({list})", cancellationToken);
        await clickHouse.ExecuteAsync($"ALTER TABLE {Target("score_changes")} DELETE WHERE lead_id IN ({list})", cancellationToken);
        await clickHouse.ExecuteAsync($"ALTER TABLE {Target("lead_profiles")} DELETE WHERE lead_id IN ({list})", cancellationToken);
        await clickHouse.ExecuteAsync($"ALTER TABLE {Target("lead_aliases")} DELETE WHERE merged_id IN ({list}) OR survivor_id IN ({list})", cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lead {LeadId} erased; its ClickHouse rows are deleted at the recheck (ClickHouse unavailable)")]
    private partial void LogClickHouseDeferred(Exception ex, Guid leadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasure recheck failed; retrying at the next poll")]
    private partial void LogRecheckFailed(Exception ex);
}
