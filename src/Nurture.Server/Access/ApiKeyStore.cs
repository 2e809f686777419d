using Npgsql;

namespace Nurture.Server.Access;

/// <summary>API keys and sessions in PostgreSQL (nurture_api_keys), found by the SHA-256 of the key.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource database)
{
    /// <summary>What authentication needs about a key: the key row and, when it belongs to a user, that user.</summary>
    public sealed record Found(
        Guid Id, string Kind, string Prefix, string Role, Guid? UserId, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt,
        string? UserEmail, string? UserRole, string? UserRepId, DateTimeOffset? UserDisabledAt);

    private const string Columns = "id, kind, name, prefix, role, user_id, created_at, expires_at, revoked_at, last_used_at";

    /// <summary>Stores a new key and answers it with its secret, which is never seen again.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(
        string kind, string name, string role, Guid? userId, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var (secret, prefix, hash) = ApiKeyHasher.Create();
        await using var command = database.CreateCommand(
            $"INSERT INTO nurture_api_keys (id, kind, name, prefix, hash, role, user_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {Columns}");
        var p = command.Parameters;
        p.AddWithValue(Guid.NewGuid());
        p.AddWithValue(kind);
        p.AddWithValue(name);
        p.AddWithValue(prefix);
        p.AddWithValue(hash);
        p.AddWithValue(role);
        p.AddWithValue((object?)userId ?? DBNull.Value);
        p.AddWithValue((object?)expiresAt ?? DBNull.Value);
        return ((await ReadAllAsync(command, cancellationToken)).Single(), secret);
    }

    public async Task<List<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_api_keys ORDER BY created_at DESC, id");
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<ApiKey?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_api_keys WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Revokes the key (again is harmless); false when there is no such key.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("UPDATE nurture_api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Ends every session of a user (password changed, user disabled).</summary>
    public async Task RevokeSessionsAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE nurture_api_keys SET revoked_at = now() WHERE user_id = $1 AND kind = 'session' AND revoked_at IS NULL");
        command.Parameters.AddWithValue(userId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Found?> FindAsync(byte[] hash, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT k.id, k.kind, k.prefix, k.role, k.user_id, k.expires_at, k.revoked_at, k.last_used_at, u.email, u.role, u.rep_id, u.disabled_at
            FROM nurture_api_keys k LEFT JOIN nurture_users u ON u.id = k.user_id
            WHERE k.hash = $1
            """);
        command.Parameters.AddWithValue(hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new Found(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Nullable<Guid>(reader, 4),
            Time(reader, 5), Time(reader, 6), Time(reader, 7),
            Text(reader, 8), Text(reader, 9), Text(reader, 10), Time(reader, 11));
    }

    /// <summary>Records use, at most once a minute per key whatever the number of nodes.</summary>
    public async Task TouchAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "UPDATE nurture_api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')");
        command.Parameters.AddWithValue(id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<ApiKey>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ApiKey(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), ApiKeyHasher.Display(reader.GetString(3)),
                reader.GetString(4), Nullable<Guid>(reader, 5), reader.GetFieldValue<DateTimeOffset>(6), Time(reader, 7), Time(reader, 8), Time(reader, 9)));
        }
        return keys;
    }

    private static T? Nullable<T>(NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) => Nullable<DateTimeOffset>(reader, ordinal);

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
