using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Nurture.Email.Blocks;

namespace Nurture.Email.Templates;

/// <summary>Email templates in PostgreSQL.</summary>
public sealed class EmailTemplateStore(NpgsqlDataSource database)
{
    private const string Columns = "id, name, subject, html, text_part, version, updated_at, preheader, from_name, from_address, reply_to, editor, design::text";

    /// <summary>Stores a new version of the template (the id, name, parts, sender, editor and design of <paramref name="draft"/>).</summary>
    public async Task<EmailTemplate> SaveAsync(EmailTemplate draft, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            INSERT INTO nurture_email_templates (id, name, subject, html, text_part, preheader, from_name, from_address, reply_to, editor, design, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, subject = EXCLUDED.subject, html = EXCLUDED.html,
                text_part = EXCLUDED.text_part, preheader = EXCLUDED.preheader, from_name = EXCLUDED.from_name,
                from_address = EXCLUDED.from_address, reply_to = EXCLUDED.reply_to, editor = EXCLUDED.editor, design = EXCLUDED.design,
                version = nurture_email_templates.version + 1, updated_at = now()
            RETURNING {Columns}
            """);
        var p = command.Parameters;
        foreach (var value in new[] { draft.Id, draft.Name, draft.Subject, draft.Html, draft.Text, draft.Preheader }) p.AddWithValue(value);
        foreach (var value in new[] { draft.FromName, draft.FromAddress, draft.ReplyTo }) p.AddWithValue((object?)value ?? DBNull.Value);
        p.AddWithValue(draft.Editor);
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = draft.Design is null ? DBNull.Value : JsonSerializer.Serialize(draft.Design, JsonSerializerOptions.Web) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    public async Task<EmailTemplate?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_email_templates WHERE id = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<EmailTemplate>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_email_templates ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var templates = new List<EmailTemplate>();
        while (await reader.ReadAsync(cancellationToken)) templates.Add(Read(reader));
        return templates;
    }

    private static EmailTemplate Read(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6))
    {
        Preheader = r.GetString(7),
        FromName = r.IsDBNull(8) ? null : r.GetString(8),
        FromAddress = r.IsDBNull(9) ? null : r.GetString(9),
        ReplyTo = r.IsDBNull(10) ? null : r.GetString(10),
        Editor = r.GetString(11),
        Design = r.IsDBNull(12) ? null : JsonSerializer.Deserialize<BlockDesign>(r.GetString(12), JsonSerializerOptions.Web),
    };
}
