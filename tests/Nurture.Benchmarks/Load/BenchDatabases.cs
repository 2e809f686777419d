using Npgsql;

namespace Nurture.Benchmarks.Load;

/// <summary>
/// A fresh PostgreSQL database and fresh ClickHouse database names for one run, so nothing earlier
/// (or the dev stack's data) is measured. Dropped at the end unless kept.
/// </summary>
public sealed class BenchDatabases
{
    private BenchDatabases(string postgresAdmin, string clickHouseUrl, string name)
    {
        PostgresAdmin = postgresAdmin;
        ClickHouseUrl = clickHouseUrl;
        Name = name;
        ServerPostgres = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = name }.ConnectionString;
    }

    public string PostgresAdmin { get; }
    public string ServerPostgres { get; }
    public string ClickHouseUrl { get; }
    /// <summary>The PostgreSQL database and the server's ClickHouse database.</summary>
    public string Name { get; }
    /// <summary>The ClickHouse database of the raw insert baseline.</summary>
    public string RawClickHouse => Name + "_raw";

    public static async Task<BenchDatabases> CreateAsync(string runId)
    {
        var postgres = Require("NURTURE_TEST_PG", "an Npgsql admin connection string, e.g. Host=127.0.0.1;Port=55432;Username=postgres;Password=...;Database=postgres");
        var clickHouse = Require("NURTURE_TEST_CLICKHOUSE", "ClickHouse's HTTP URL, e.g. http://127.0.0.1:58123");
        var uri = new Uri(clickHouse);
        var host = new NpgsqlConnectionStringBuilder(postgres).Host ?? "";
        // Load is generated over loopback only: refuse to point it at another machine by mistake.
        if (!uri.IsLoopback || !(host is "127.0.0.1" or "localhost" or "::1"))
            throw new InvalidOperationException("NURTURE_TEST_PG and NURTURE_TEST_CLICKHOUSE must be loopback addresses.");
        var databases = new BenchDatabases(postgres, clickHouse, $"nurture_bench_{runId}");
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {databases.Name}", connection);
        await command.ExecuteNonQueryAsync();
        return databases;
    }

    /// <summary>Drops both; a failure (a busy ClickHouse timing out) is reported, not thrown: the results matter more.</summary>
    public async Task DropAsync()
    {
        try
        {
            await DropBothAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or NpgsqlException)
        {
            Console.Error.WriteLine($"could not drop the run's databases {Name} (and {RawClickHouse}); drop them by hand: {ex.Message}");
        }
    }

    private async Task DropBothAsync()
    {
        using (var clickHouse = new ClickHouseHttp(ClickHouseUrl))
        {
            await clickHouse.QueryAsync($"DROP DATABASE IF EXISTS {Name}");
            await clickHouse.QueryAsync($"DROP DATABASE IF EXISTS {RawClickHouse}");
        }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Require(string variable, string what) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: {what}. With the dev stack (deploy/local.sh run), see README.md \"Benchmarks\".");
}
