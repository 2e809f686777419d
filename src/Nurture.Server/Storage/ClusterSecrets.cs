using System.Security.Cryptography;
using Npgsql;

namespace Nurture.Server.Storage;

/// <summary>
/// Cluster-wide secrets in PostgreSQL (nurture_secrets): made at random the first time, the same on every
/// node after. Read once at start-up by <see cref="DatabaseStartup"/>, before anything signs.
/// </summary>
public sealed class ClusterSecrets(NpgsqlDataSource database)
{
    private byte[]? emailTokenKey;
    private byte[]? webhookKey;

    /// <summary>Signs the open, click, unsubscribe and visit tokens of emails.</summary>
    public byte[] EmailTokenKey => emailTokenKey ?? throw NotLoaded();

    /// <summary>Signs webhooks unless Nurture:Handoff:WebhookSecret names a secret of the operator's.</summary>
    public byte[] WebhookKey => webhookKey ?? throw NotLoaded();

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        emailTokenKey = await GetOrCreateAsync("email-tokens", cancellationToken);
        webhookKey = await GetOrCreateAsync("webhook", cancellationToken);
    }

    private async Task<byte[]> GetOrCreateAsync(string name, CancellationToken cancellationToken)
    {
        await using (var insert = database.CreateCommand("INSERT INTO nurture_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING"))
        {
            insert.Parameters.AddWithValue(name);
            insert.Parameters.AddWithValue(RandomNumberGenerator.GetBytes(32));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var select = database.CreateCommand("SELECT value FROM nurture_secrets WHERE name = $1");
        select.Parameters.AddWithValue(name);
        return (byte[])(await select.ExecuteScalarAsync(cancellationToken))!;
    }

    private static InvalidOperationException NotLoaded() =>
        new("The cluster's secrets are read at start-up (DatabaseStartup) and were asked for before it ran.");
}
