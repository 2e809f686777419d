using Npgsql;
using Nurture.Server.Imports;

namespace Nurture.Server.Scoring;

/// <summary>
/// Training files between their upload (when the console shows their columns) and training (when the person has
/// chosen the outcome and the columns): in PostgreSQL, so any node can train from a file another node took. Kept
/// for <see cref="Lifetime"/>, at most <see cref="MaxKept"/> of them; an erasure deletes those that name the person
/// (see <c>PostgresErasure</c>).
/// </summary>
public sealed class PredictiveUploadStore(NpgsqlDataSource database, TimeProvider time)
{
    /// <summary>Long enough to look at the columns and train a version or two; short, because the file holds people.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>Files of up to 10 MB each: the newest 20 bound what PostgreSQL keeps.</summary>
    public const int MaxKept = 20;

    public sealed record StoredUpload(Guid Id, string FileName, DateTimeOffset ExpiresAt);

    /// <summary>Stores a file, and forgets the expired ones and those beyond the newest <see cref="MaxKept"/>.</summary>
    public async Task<StoredUpload> AddAsync(string fileName, byte[] file, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var upload = new StoredUpload(Guid.NewGuid(), fileName, now + Lifetime);
        var emailKeys = ImportEmailIndex.EmailsIn(file).Select(ImportEmailIndex.Key).ToArray();
        await using var batch = database.CreateBatch();
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO nurture_predictive_uploads (id, file_name, file_bytes, email_keys, created_by, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """);
        insert.Parameters.AddWithValue(upload.Id);
        insert.Parameters.AddWithValue(fileName);
        insert.Parameters.AddWithValue(file);
        insert.Parameters.AddWithValue(emailKeys);
        insert.Parameters.AddWithValue(actor);
        insert.Parameters.AddWithValue(now);
        insert.Parameters.AddWithValue(upload.ExpiresAt);
        var forget = new NpgsqlBatchCommand("""
            DELETE FROM nurture_predictive_uploads
            WHERE expires_at <= $1 OR id IN (SELECT id FROM nurture_predictive_uploads ORDER BY created_at DESC, id OFFSET $2)
            """);
        forget.Parameters.AddWithValue(now);
        forget.Parameters.AddWithValue(MaxKept);
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(forget);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return upload;
    }

    /// <summary>The file and its name, or null when there is no such upload or it has expired.</summary>
    public async Task<(string FileName, byte[] File)?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT file_name, file_bytes FROM nurture_predictive_uploads WHERE id = $1 AND expires_at > $2");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(time.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return (reader.GetString(0), (byte[])reader.GetValue(1));
    }
}
