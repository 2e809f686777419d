using System.Text.Json;
using Npgsql;

namespace Nurture.Server.Flows;

/// <summary>Flow definitions in PostgreSQL: each save is a new version; a flow is draft, active or paused.</summary>
public sealed class FlowStore(NpgsqlDataSource database)
{
    public const string Draft = "draft";
    public const string Active = "active";
    public const string Paused = "paused";

    public sealed record StoredFlow(string Id, int Version, string Status, DateTimeOffset UpdatedAt, JsonElement Definition);

    public async Task<StoredFlow> SaveAsync(string id, JsonElement definition, CancellationToken cancellationToken)
    {
        await using var transaction = await (await database.OpenConnectionAsync(cancellationToken)).BeginTransactionAsync(cancellationToken);
        var connection = transaction.Connection!;
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO nurture_flows (id, version, definition) VALUES ($1, 1, $2::jsonb)
            ON CONFLICT (id) DO UPDATE SET version = nurture_flows.version + 1, definition = EXCLUDED.definition, updated_at = now()
            RETURNING id, version, status, updated_at, definition::text
            """, connection, transaction);
        upsert.Parameters.AddWithValue(id);
        upsert.Parameters.AddWithValue(definition.GetRawText());
        StoredFlow saved;
        await using (var reader = await upsert.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            saved = Read(reader);
        }
        await using var history = new NpgsqlCommand("INSERT INTO nurture_flow_versions (id, version, definition) VALUES ($1, $2, $3::jsonb)", connection, transaction);
        history.Parameters.AddWithValue(id);
        history.Parameters.AddWithValue(saved.Version);
        history.Parameters.AddWithValue(definition.GetRawText());
        await history.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await connection.DisposeAsync();
        return saved;
    }

    /// <summary>Sets the status; answers the flow and the status it had before, or null when there is no such flow.</summary>
    public async Task<(StoredFlow Flow, string Before)?> SetStatusAsync(string id, string status, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            UPDATE nurture_flows f SET status = $2, updated_at = now()
            FROM (SELECT id, status FROM nurture_flows WHERE id = $1 FOR UPDATE) before
            WHERE f.id = before.id
            RETURNING f.id, f.version, f.status, f.updated_at, f.definition::text, before.status
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(status);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (Read(reader), reader.GetString(5)) : null;
    }

    public async Task<StoredFlow?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = $1", id, cancellationToken)).SingleOrDefault();

    public Task<List<StoredFlow>> ListAsync(CancellationToken cancellationToken) => QueryAsync("", null, cancellationToken);

    private async Task<List<StoredFlow>> QueryAsync(string where, string? id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT id, version, status, updated_at, definition::text FROM nurture_flows {where} ORDER BY id");
        if (id is not null) command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var flows = new List<StoredFlow>();
        while (await reader.ReadAsync(cancellationToken)) flows.Add(Read(reader));
        return flows;
    }

    private static StoredFlow Read(NpgsqlDataReader reader)
    {
        using var document = JsonDocument.Parse(reader.GetString(4));
        return new StoredFlow(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), document.RootElement.Clone());
    }
}
