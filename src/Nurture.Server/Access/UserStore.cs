using Npgsql;

namespace Nurture.Server.Access;

/// <summary>Console users in PostgreSQL (nurture_users). Emails arrive here already lower-cased.</summary>
public sealed class UserStore(NpgsqlDataSource database)
{
    private const string Columns = "id, email, display_name, role, rep_id, created_at, disabled_at, weekly_digest";

    /// <summary>The new user, or null when the email is taken.</summary>
    public async Task<User?> CreateAsync(string email, string displayName, string role, string? repId, string passwordHash, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            INSERT INTO nurture_users (id, email, display_name, role, rep_id, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (email) DO NOTHING RETURNING {Columns}
            """);
        var p = command.Parameters;
        p.AddWithValue(Guid.NewGuid());
        p.AddWithValue(email);
        p.AddWithValue(displayName);
        p.AddWithValue(role);
        p.AddWithValue((object?)repId ?? DBNull.Value);
        p.AddWithValue(passwordHash);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<List<User>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_users ORDER BY email");
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<User?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_users WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The user and their password hash, for sign-in.</summary>
    public async Task<(User User, string PasswordHash)?> FindForSignInAsync(string email, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns}, password_hash FROM nurture_users WHERE email = $1");
        command.Parameters.AddWithValue(email);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return (Read(reader), reader.GetString(8));
    }

    /// <summary>Replaces the editable fields; null when there is no such user.</summary>
    public async Task<User?> UpdateAsync(Guid id, string displayName, string role, string? repId, bool disabled, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            UPDATE nurture_users SET display_name = $2, role = $3, rep_id = $4,
                   disabled_at = CASE WHEN $5 THEN coalesce(disabled_at, now()) ELSE NULL END
            WHERE id = $1 RETURNING {Columns}
            """);
        var p = command.Parameters;
        p.AddWithValue(id);
        p.AddWithValue(displayName);
        p.AddWithValue(role);
        p.AddWithValue((object?)repId ?? DBNull.Value);
        p.AddWithValue(disabled);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Turns the weekly digest on or off for the user; null when there is no such user.</summary>
    public async Task<User?> SetWeeklyDigestAsync(Guid id, bool weeklyDigest, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"UPDATE nurture_users SET weekly_digest = $2 WHERE id = $1 RETURNING {Columns}");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(weeklyDigest);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The enabled users who asked for the weekly digest.</summary>
    public async Task<List<User>> DigestRecipientsAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_users WHERE weekly_digest AND disabled_at IS NULL ORDER BY email");
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<bool> SetPasswordAsync(Guid id, string passwordHash, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("UPDATE nurture_users SET password_hash = $2 WHERE id = $1");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(passwordHash);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<List<User>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<User>();
        while (await reader.ReadAsync(cancellationToken)) users.Add(Read(reader));
        return users;
    }

    private static User Read(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.GetBoolean(7));
}
