using Npgsql;

namespace Nurture.Email.Templates;

/// <summary>Email templates in PostgreSQL.</summary>
public sealed class EmailTemplateStore(NpgsqlDataSource database)
{
    public async Task<EmailTemplate> SaveAsync(string id, string name, string subject, string html, string text, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO nurture_email_templates (id, name, subject, html, text_part, version) VALUES ($1, $2, $3, $4, $5, 1)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, subject = EXCLUDED.subject, html = EXCLUDED.html,
                text_part = EXCLUDED.text_part, version = nurture_email_templates.version + 1, updated_at = now()
            RETURNING id, name, subject, html, text_part, version, updated_at
            """);
        foreach (var value in new[] { id, name, subject, html, text }) command.Parameters.AddWithValue(value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    public async Task<EmailTemplate?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT id, name, subject, html, text_part, version, updated_at FROM nurture_email_templates WHERE id = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<EmailTemplate>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT id, name, subject, html, text_part, version, updated_at FROM nurture_email_templates ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var templates = new List<EmailTemplate>();
        while (await reader.ReadAsync(cancellationToken)) templates.Add(Read(reader));
        return templates;
    }

    private static EmailTemplate Read(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6));
}
