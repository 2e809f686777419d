using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.CustomerData.Cleansing;
using Nurture.Spreadsheets;

namespace Nurture.Server.Imports;

/// <summary>
/// Which uploaded files name which addresses, by a key of each normalised address (the first 8 bytes of
/// its SHA-256), so an erasure finds every file that names the person without reading them all: a dry
/// run of people who were no leads yet, a row the import refused, a column nobody mapped. A file
/// uploaded before the index existed is read once, by <see cref="IndexPendingAsync"/>.
/// </summary>
public sealed class ImportEmailIndex(NpgsqlDataSource database)
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n', ',', ';', '<', '>', '"', '\'', '(', ')', '[', ']', '　', '，', '；'];

    public static long Key(string normalisedEmail) =>
        BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(normalisedEmail)));

    /// <summary>
    /// Every address anywhere in the file (headers and every cell, several to a cell too), keyed as a
    /// lead's email is. Read as imports read files: what they cannot read names nobody.
    /// </summary>
    public static HashSet<string> EmailsIn(byte[] file)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (file.Length == 0) return found;
        using var table = SpreadsheetReader.Read(new MemoryStream(file), ImportRowReader.ReadOptions);
        foreach (var header in table.Headers) AddFrom(header, found);
        foreach (var row in table.Rows)
        {
            foreach (var cell in row.Cells) AddFrom(cell, found);
        }
        return found;
    }

    /// <summary>Records the addresses of an import's file, and that it is indexed, in one transaction.</summary>
    public async Task AddAsync(Guid importId, IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        var rows = new NpgsqlBatchCommand(
            "INSERT INTO nurture_import_emails (email_key, import_id) SELECT DISTINCT unnest($1::bigint[]), $2 ON CONFLICT DO NOTHING");
        rows.Parameters.AddWithValue(emails.Select(Key).ToArray());
        rows.Parameters.AddWithValue(importId);
        var indexed = new NpgsqlBatchCommand("UPDATE nurture_imports SET emails_indexed = true WHERE id = $1");
        indexed.Parameters.AddWithValue(importId);
        batch.BatchCommands.Add(rows);
        batch.BatchCommands.Add(indexed);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Indexes every file not indexed yet (uploaded before the index, or a crash after the upload); answers how many.</summary>
    public async Task<int> IndexPendingAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        while (true)
        {
            Guid id;
            byte[] file;
            await using (var command = database.CreateCommand(
                "SELECT id, file_bytes FROM nurture_imports WHERE NOT emails_indexed ORDER BY created_at LIMIT 1"))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken)) return done;
                (id, file) = (reader.GetGuid(0), (byte[])reader.GetValue(1));
            }
            await AddAsync(id, EmailsIn(file), cancellationToken);
            done++;
        }
    }

    private static void AddFrom(string cell, HashSet<string> found)
    {
        // Most cells hold no address at all: only those with an @ (or a full-width one) are cleaned.
        if (cell.IndexOfAny(['@', '＠']) < 0) return;
        foreach (var token in cell.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.IndexOfAny(['@', '＠']) < 0) continue;
            if (EmailCleaner.Clean(token) is { IsValid: true } email && EmailAddress.Normalise(email.Value) is { } key) found.Add(key);
        }
    }
}
