using System.Text.Json;
using Npgsql;

namespace Nurture.Server.Imports;

/// <summary>An import as the API shows it: settings, status, progress and the dry run's counts.</summary>
public sealed record ImportInfo(
    Guid Id, string FileName, string Source, string Mode, string DefaultCountry, JsonElement Mapping, string Status,
    int TotalRows, int ProcessedRows, JsonElement Preview, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? LastError);

/// <summary>Imports and their per-row results in PostgreSQL.</summary>
public sealed class ImportStore(NpgsqlDataSource database, ImportEmailIndex emails)
{
    public const string Previewed = "previewed";
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Undoing = "undoing";
    public const string Undone = "undone";

    private const string Columns =
        "id, file_name, source, mode, default_country, mapping::text, status, total_rows, processed_rows, preview::text, created_by, created_at, started_at, finished_at, last_error";

    /// <summary>Stores a previewed import; when the same file with the same settings exists, answers that one instead.</summary>
    public async Task<(ImportInfo Import, bool Existing)> AddAsync(
        byte[] key, byte[] file, ImportSettings settings, ImportPreview preview, string actor, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO nurture_imports (id, import_key, file_name, file_bytes, source, mode, default_country, mapping, status, total_rows, preview, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb, $12)
            ON CONFLICT (import_key) DO NOTHING
            """);
        var id = Guid.NewGuid();
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(settings.FileName);
        command.Parameters.AddWithValue(file);
        command.Parameters.AddWithValue(settings.Source);
        command.Parameters.AddWithValue(settings.Mode.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue(settings.DefaultCountry);
        command.Parameters.AddWithValue(JsonSerializer.Serialize(new { columns = settings.Mapping, dateOrder = settings.DateOrder.ToString() }));
        command.Parameters.AddWithValue(Previewed);
        command.Parameters.AddWithValue(preview.TotalRows);
        // PostgreSQL's jsonb refuses \u0000, which a binary file read as text can put in headers or cells.
        command.Parameters.AddWithValue(JsonSerializer.Serialize(preview, JsonSerializerOptions.Web).Replace("\\u0000", "\\uFFFD", StringComparison.Ordinal));
        command.Parameters.AddWithValue(actor);
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        // Who the file names, for an erasure; a crash before this leaves it to ImportEmailIndex.IndexPendingAsync.
        if (inserted) await emails.AddAsync(id, ImportEmailIndex.EmailsIn(file), cancellationToken);
        await using var find = database.CreateCommand($"SELECT {Columns} FROM nurture_imports WHERE import_key = $1");
        find.Parameters.AddWithValue(key);
        return ((await ReadAsync(find, cancellationToken)).Single(), !inserted);
    }

    public async Task<ImportInfo?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_imports WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<List<ImportInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_imports ORDER BY created_at DESC LIMIT 200");
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// Queues the real run of a previewed (or undone) import, from its first row; false when it was in
    /// no state to start. Judged by the update itself: reading the status back afterwards raced the
    /// runner, which may already have claimed the queued import and moved it on.
    /// </summary>
    public async Task<bool> StartAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            WITH started AS (
                UPDATE nurture_imports SET status = 'queued', processed_rows = 0, started_at = NULL, finished_at = NULL, last_error = NULL
                WHERE id = $1 AND status IN ('previewed', 'undone') RETURNING id),
            cleared AS (DELETE FROM nurture_import_rows WHERE import_id IN (SELECT id FROM started))
            SELECT count(*)::int FROM started
            """);
        command.Parameters.AddWithValue(id);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    /// <summary>Moves an import from one status to another; false when it was not in <paramref name="from"/>.</summary>
    public async Task<bool> MoveAsync(Guid id, string[] from, string to, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE nurture_imports SET status = $3, lease_until = NULL, claimed_by = NULL WHERE id = $1 AND status = ANY($2)");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Takes one import that needs work (queued, running or undoing) whose lease is free or expired.</summary>
    public async Task<(Guid Id, string Status, int Processed, byte[] File, ImportSettings Settings)?> ClaimAsync(
        string worker, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            UPDATE nurture_imports SET claimed_by = $1, lease_until = now() + $2::interval,
                   status = CASE status WHEN 'queued' THEN 'running' ELSE status END,
                   started_at = coalesce(started_at, now())
            WHERE id = (SELECT id FROM nurture_imports
                        WHERE status IN ('queued', 'running', 'undoing') AND (lease_until IS NULL OR lease_until < now() OR claimed_by = $1)
                        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, status, processed_rows, file_bytes, file_name, source, mode, default_country, mapping::text
            """);
        command.Parameters.AddWithValue(worker);
        command.Parameters.AddWithValue(lease);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        using var mapping = JsonDocument.Parse(reader.GetString(8));
        var settings = new ImportSettings(
            reader.GetString(4), reader.GetString(5), Enum.Parse<ImportMode>(reader.GetString(6), ignoreCase: true), reader.GetString(7),
            Enum.Parse<CustomerData.Cleansing.DateOrder>(mapping.RootElement.GetProperty("dateOrder").GetString()!),
            mapping.RootElement.GetProperty("columns").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal));
        return (reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), (byte[])reader.GetValue(3), settings);
    }

    /// <summary>Records a chunk of row results and the progress in one transaction, renewing the lease.</summary>
    public async Task RecordChunkAsync(Guid id, IReadOnlyList<ImportRowResult> results, int processed, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var result in results)
        {
            var row = new NpgsqlBatchCommand("""
                INSERT INTO nurture_import_rows (import_id, row_number, lead_id, outcome, detail) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (import_id, row_number) DO UPDATE SET lead_id = EXCLUDED.lead_id, outcome = EXCLUDED.outcome, detail = EXCLUDED.detail
                """);
            row.Parameters.AddWithValue(id);
            row.Parameters.AddWithValue(result.Row);
            row.Parameters.AddWithValue(result.LeadId is { } lead ? lead : DBNull.Value);
            row.Parameters.AddWithValue(result.Outcome);
            row.Parameters.AddWithValue((object?)Detail(result) ?? DBNull.Value);
            batch.BatchCommands.Add(row);
        }
        var progress = new NpgsqlBatchCommand("UPDATE nurture_imports SET processed_rows = $2, lease_until = now() + $3::interval WHERE id = $1");
        progress.Parameters.AddWithValue(id);
        progress.Parameters.AddWithValue(processed);
        progress.Parameters.AddWithValue(lease);
        batch.BatchCommands.Add(progress);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task FinishAsync(Guid id, string status, string? error, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE nurture_imports SET status = $2, finished_at = now(), last_error = $3, lease_until = NULL, claimed_by = NULL WHERE id = $1");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The leads an import wrote to, for its undo.</summary>
    public async Task<List<Guid>> LeadsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT DISTINCT lead_id FROM nurture_import_rows WHERE import_id = $1 AND lead_id IS NOT NULL AND outcome IN ('created', 'updated', 'merged')");
        command.Parameters.AddWithValue(id);
        var leads = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) leads.Add(reader.GetGuid(0));
        return leads;
    }

    /// <summary>Row results of the real run, optionally of one outcome, in row order.</summary>
    public async Task<List<ImportRowResult>> RowsAsync(Guid id, string? outcome, int afterRow, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT row_number, outcome, lead_id, detail FROM nurture_import_rows
            WHERE import_id = $1 AND ($2::text IS NULL OR outcome = $2) AND row_number > $3 ORDER BY row_number LIMIT $4
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)outcome ?? DBNull.Value);
        command.Parameters.AddWithValue(afterRow);
        command.Parameters.AddWithValue(limit);
        var rows = new List<ImportRowResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ImportRowResult(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), []));
        }
        return rows;
    }

    private static string? Detail(ImportRowResult result) =>
        result.Errors.Count > 0 ? string.Join("; ", result.Errors.Select(e => $"{e.Column}: {e.Reason}")) : result.Detail;

    private static async Task<List<ImportInfo>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var imports = new List<ImportInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
            imports.Add(new ImportInfo(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                JsonDocument.Parse(reader.GetString(5)).RootElement.Clone(), reader.GetString(6), reader.GetInt32(7), reader.GetInt32(8),
                JsonDocument.Parse(reader.GetString(9)).RootElement.Clone(), reader.GetString(10), reader.GetFieldValue<DateTimeOffset>(11),
                Time(12), Time(13), reader.IsDBNull(14) ? null : reader.GetString(14)));
        }
        return imports;
    }
}
