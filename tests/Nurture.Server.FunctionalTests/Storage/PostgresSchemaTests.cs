using DbUp.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Server.Storage;

namespace Nurture.Server.FunctionalTests.Storage;

/// <summary>The schema's migrations: each file once, in its own transaction, journaled; older databases adopted.</summary>
public sealed class PostgresSchemaTests
{
    [Fact]
    public async Task ApplyAsync_OnAFreshDatabase_RunsEveryFileOnce_AndAgainRunsNothing()
    {
        var database = await NewDatabaseAsync();
        await PostgresSchema.ApplyAsync(database);
        var journaled = await ScalarsAsync(database, $"SELECT scriptname FROM {PostgresSchema.Journal} ORDER BY scriptname");
        Assert.Equal(PostgresSchema.EmbeddedScripts().Select(s => (object)s.Name), journaled);

        // The retired-state clean-up (018) ran once: a row added after it is not touched by the next start.
        await InsertStateAsync(database, "visitor", 4);
        await PostgresSchema.ApplyAsync(database);
        Assert.Equal(1L, (await ScalarsAsync(database, "SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'visitor'")).Single());
        Assert.Equal(journaled.Count, (await ScalarsAsync(database, $"SELECT scriptname FROM {PostgresSchema.Journal}")).Count);
    }

    [Fact]
    public async Task ApplyAsync_ADatabaseTheUnversionedSchemaSetUp_IsAdoptedWithoutRunningItsFilesAgain()
    {
        var database = await NewDatabaseAsync();
        await PostgresSchema.ApplyAsync(database);
        // As the schema was before versions: every file applied, no journal; and without what came after.
        await ExecuteAsync(database, $"DROP TABLE {PostgresSchema.Journal}");
        await ExecuteAsync(database, "ALTER TABLE nurture_sites DROP COLUMN public_traits");
        // Had 018 run again, this row would go.
        await InsertStateAsync(database, "visitor", 7);

        await PostgresSchema.ApplyAsync(database);

        Assert.Equal(1L, (await ScalarsAsync(database, "SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'visitor'")).Single());
        // The files after the adopted ones ran.
        Assert.Equal(1L, (await ScalarsAsync(database,
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'nurture_sites' AND column_name = 'public_traits'")).Single());
        Assert.Equal(PostgresSchema.EmbeddedScripts().Select(s => (object)s.Name),
            await ScalarsAsync(database, $"SELECT scriptname FROM {PostgresSchema.Journal} ORDER BY scriptname"));
    }

    [Fact]
    public async Task ApplyAsync_AFailingFile_LeavesNothingOfItself_NamesItself_AndRunsOnceFixed()
    {
        var database = await NewDatabaseAsync();
        var first = new SqlScript("001_first.sql", "CREATE TABLE first_table (id int)");
        var broken = new SqlScript("002_second.sql", "CREATE TABLE second_table (id int); SELECT nonsense FROM nowhere");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => PostgresSchema.ApplyAsync(database, [first, broken], NullLogger.Instance, CancellationToken.None));

        Assert.Contains("002_second.sql", error.Message);
        Assert.Equal([1L, 0L], await ScalarsAsync(database,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'first_table' UNION ALL SELECT count(*) FROM pg_tables WHERE tablename = 'second_table'"));
        await PostgresSchema.ApplyAsync(database, [first, new SqlScript("002_second.sql", "CREATE TABLE second_table (id int)")], NullLogger.Instance, CancellationToken.None);
        Assert.Equal(["001_first.sql", "002_second.sql"], await ScalarsAsync(database, $"SELECT scriptname FROM {PostgresSchema.Journal} ORDER BY scriptname"));
    }

    [Fact]
    public async Task ApplyAsync_ServersStartingTogether_ApplyEachFileOnce()
    {
        var database = await NewDatabaseAsync();
        await Task.WhenAll(PostgresSchema.ApplyAsync(database), PostgresSchema.ApplyAsync(database), PostgresSchema.ApplyAsync(database));
        Assert.Equal(PostgresSchema.EmbeddedScripts().Count, (await ScalarsAsync(database, $"SELECT scriptname FROM {PostgresSchema.Journal}")).Count);
    }

    private static Task<string> NewDatabaseAsync() => TestEnvironment.CreatePostgresDatabaseAsync(TestEnvironment.UniqueName("nt"));

    private static async Task InsertStateAsync(string database, string grainType, long id) =>
        await ExecuteAsync(database, $"""
            INSERT INTO orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_hash, grain_type_hash, payload, version)
            VALUES ('nurture', '{grainType}', {id}, 0, 0, 0, '\x00', 1)
            """);

    private static async Task<List<object>> ScalarsAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<object>();
        while (await reader.ReadAsync()) values.Add(reader.GetValue(0));
        return values;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
