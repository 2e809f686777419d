using Npgsql;

namespace Nurture.Benchmarks.Load;

/// <summary>
/// What lead persistence cost in PostgreSQL: how often lead state was written (grain state versions
/// count the writes), how big it is, and how many connections the server holds. Read from our schema's
/// orleans_grain_state; null when that table is not there (the schema changed).
/// </summary>
public sealed record LeadStorageStats(long Leads, long Writes, double AverageBytes, long ServerConnections, long MaxConnections)
{
    public static async Task<LeadStorageStats?> ReadAsync(BenchDatabases databases)
    {
        try
        {
            await using var connection = new NpgsqlConnection(databases.PostgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"""
                SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = '{databases.Name}'),
                       current_setting('max_connections')::bigint
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (held, max) = (reader.GetInt64(0), reader.GetInt64(1));
            await reader.CloseAsync();

            await using var leadsDb = new NpgsqlConnection(databases.ServerPostgres);
            await leadsDb.OpenAsync();
            await using var state = new NpgsqlCommand(
                "SELECT count(*), coalesce(sum(version), 0), coalesce(avg(octet_length(payload)), 0) FROM orleans_grain_state WHERE grain_type = 'lead'", leadsDb);
            await using var rows = await state.ExecuteReaderAsync();
            await rows.ReadAsync();
            return new LeadStorageStats(rows.GetInt64(0), rows.GetInt64(1), (double)rows.GetDecimal(2), held, max);
        }
        catch (NpgsqlException)
        {
            // PostgreSQL out of connections, or the table gone: the report goes without these figures.
            return null;
        }
    }
}
