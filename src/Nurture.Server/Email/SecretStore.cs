using System.Security.Cryptography;
using Npgsql;

namespace Nurture.Server.Email;

/// <summary>Cluster-wide secrets in PostgreSQL: made at random the first time, the same on every node after.</summary>
public static class SecretStore
{
    public static async Task<byte[]> GetOrCreateAsync(string connectionString, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("INSERT INTO nurture_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", connection))
        {
            insert.Parameters.AddWithValue(name);
            insert.Parameters.AddWithValue(RandomNumberGenerator.GetBytes(32));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var select = new NpgsqlCommand("SELECT value FROM nurture_secrets WHERE name = $1", connection);
        select.Parameters.AddWithValue(name);
        return (byte[])(await select.ExecuteScalarAsync(cancellationToken))!;
    }
}
