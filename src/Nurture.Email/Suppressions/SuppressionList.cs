using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Nurture.Abstractions.Leads;

namespace Nurture.Email.Suppressions;

/// <summary>Addresses never to mail: unsubscribed, bounced, complained. Kept as hashes of the normalised address.</summary>
public sealed class SuppressionList(NpgsqlDataSource database)
{
    public const string Unsubscribed = "unsubscribed";
    public const string Bounced = "bounced";
    public const string Complained = "complained";
    public const string Erased = "erased";

    public async Task AddAsync(string email, string reason, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO nurture_email_suppressions (email_hash, reason) VALUES ($1, $2) ON CONFLICT (email_hash) DO NOTHING");
        command.Parameters.AddWithValue(Hash(email));
        command.Parameters.AddWithValue(reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The reason the address is suppressed, or null.</summary>
    public async Task<string?> ReasonAsync(string email, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT reason FROM nurture_email_suppressions WHERE email_hash = $1");
        command.Parameters.AddWithValue(Hash(email));
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public static byte[] Hash(string email) => SHA256.HashData(Encoding.UTF8.GetBytes(EmailAddress.Normalise(email) ?? email.Trim().ToLowerInvariant()));
}
