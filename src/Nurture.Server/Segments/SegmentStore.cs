using System.Text.Json;
using Npgsql;

namespace Nurture.Server.Segments;

/// <summary>A segment as the API shows it.</summary>
public sealed record SegmentInfo(string Id, string Name, JsonElement Definition, int MemberCount, DateTimeOffset? RefreshedAt, DateTimeOffset UpdatedAt);

/// <summary>Segments and their members in PostgreSQL.</summary>
public sealed class SegmentStore(NpgsqlDataSource database)
{
    public async Task SaveAsync(string id, string name, string definition, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO nurture_segments (id, name, definition) VALUES ($1, $2, $3::jsonb)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, definition = EXCLUDED.definition, updated_at = now()
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(definition);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<SegmentInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT id, name, definition::text, member_count, refreshed_at, updated_at FROM nurture_segments ORDER BY id");
        var segments = new List<SegmentInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            segments.Add(new SegmentInfo(reader.GetString(0), reader.GetString(1), JsonDocument.Parse(reader.GetString(2)).RootElement.Clone(),
                reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return segments;
    }

    /// <summary>Deletes the segment; answers its members (who now leave it), or null when there was none.</summary>
    public async Task<List<Guid>?> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var members = await MembersAsync(id, cancellationToken);
        await using var command = database.CreateCommand("DELETE FROM nurture_segments WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? [.. members] : null;
    }

    public async Task<HashSet<Guid>> MembersAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT lead_id FROM nurture_segment_members WHERE segment_id = $1");
        command.Parameters.AddWithValue(id);
        var members = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) members.Add(reader.GetGuid(0));
        return members;
    }

    /// <summary>Applies a refresh: who joined, who left, the new size.</summary>
    public async Task RecordAsync(string id, IReadOnlyCollection<Guid> joined, IReadOnlyCollection<Guid> left, int size, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var add = new NpgsqlBatchCommand("INSERT INTO nurture_segment_members (segment_id, lead_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING");
        add.Parameters.AddWithValue(id);
        add.Parameters.AddWithValue(joined.ToArray());
        var remove = new NpgsqlBatchCommand("DELETE FROM nurture_segment_members WHERE segment_id = $1 AND lead_id = ANY($2)");
        remove.Parameters.AddWithValue(id);
        remove.Parameters.AddWithValue(left.ToArray());
        var count = new NpgsqlBatchCommand("UPDATE nurture_segments SET member_count = $2, refreshed_at = now() WHERE id = $1");
        count.Parameters.AddWithValue(id);
        count.Parameters.AddWithValue(size);
        batch.BatchCommands.Add(add);
        batch.BatchCommands.Add(remove);
        batch.BatchCommands.Add(count);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
