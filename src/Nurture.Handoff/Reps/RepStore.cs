using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Nurture.Handoff.Reps;

/// <summary>Reps in PostgreSQL (nurture_reps).</summary>
public sealed class RepStore(NpgsqlDataSource database)
{
    /// <summary>A rep's columns, for queries that read reps as <c>nurture_reps r</c> (see <see cref="Read"/>).</summary>
    internal const string Columns = """
        r.id, r.name, r.email, r.active, r.capacity, r.countries, r.industries, r.webhook_url, r.slack_webhook_url,
        r.regions, r.company_sizes, r.channels, r.time_zone, r.working_hours::text, r.away_from, r.away_until
        """;

    internal const int ColumnCount = 16;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Inserts or replaces; <paramref name="mustExist"/> makes it an update only (false when there was none).</summary>
    public async Task<bool> SaveAsync(Rep rep, bool mustExist, CancellationToken cancellationToken)
    {
        var sql = mustExist
            ? """
              UPDATE nurture_reps SET name = $2, email = $3, active = $4, capacity = $5, countries = $6, industries = $7, webhook_url = $8,
                  slack_webhook_url = $9, regions = $10, company_sizes = $11, channels = $12, time_zone = $13, working_hours = $14,
                  away_from = $15, away_until = $16, updated_at = now()
              WHERE id = $1
              """
            : """
              INSERT INTO nurture_reps (id, name, email, active, capacity, countries, industries, webhook_url, slack_webhook_url, regions,
                  company_sizes, channels, time_zone, working_hours, away_from, away_until)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (id) DO NOTHING
              """;
        await using var command = database.CreateCommand(sql);
        var p = command.Parameters;
        p.AddWithValue(rep.Id);
        p.AddWithValue(rep.Name);
        p.AddWithValue(rep.Email);
        p.AddWithValue(rep.Active);
        p.AddWithValue(rep.Capacity);
        p.AddWithValue(rep.Countries.ToArray());
        p.AddWithValue(rep.Industries.ToArray());
        p.AddWithValue((object?)rep.WebhookUrl ?? DBNull.Value);
        p.AddWithValue((object?)rep.SlackWebhookUrl ?? DBNull.Value);
        p.AddWithValue((rep.Regions ?? []).ToArray());
        p.AddWithValue((rep.CompanySizes ?? []).ToArray());
        p.AddWithValue((rep.Channels ?? []).ToArray());
        p.AddWithValue((object?)rep.TimeZone ?? DBNull.Value);
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(rep.WorkingHours ?? [], Json) });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = (object?)rep.AwayFrom ?? DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Date, Value = (object?)rep.AwayUntil ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<Rep?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_reps r WHERE r.id = $1");
        command.Parameters.AddWithValue(id);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<List<Rep>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM nurture_reps r ORDER BY r.id");
        return await ReadAllAsync(command, cancellationToken);
    }

    internal static async Task<List<Rep>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var reps = new List<Rep>();
        while (await reader.ReadAsync(cancellationToken)) reps.Add(Read(reader));
        return reps;
    }

    /// <summary>The rep in the reader's first <see cref="ColumnCount"/> columns, as <see cref="Columns"/> lists them.</summary>
    internal static Rep Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetInt32(4),
        reader.GetFieldValue<string[]>(5), reader.GetFieldValue<string[]>(6),
        reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.GetFieldValue<string[]>(9), reader.GetFieldValue<string[]>(10), reader.GetFieldValue<string[]>(11),
        reader.IsDBNull(12) ? null : reader.GetString(12),
        JsonSerializer.Deserialize<List<WorkingDay>>(reader.GetString(13), Json) ?? [],
        reader.IsDBNull(14) ? null : reader.GetFieldValue<DateOnly>(14),
        reader.IsDBNull(15) ? null : reader.GetFieldValue<DateOnly>(15));
}
