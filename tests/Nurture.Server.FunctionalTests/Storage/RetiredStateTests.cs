using Npgsql;
using Nurture.Server.FunctionalTests.Infrastructure;
using Nurture.Server.Storage;

namespace Nurture.Server.FunctionalTests.Storage;

/// <summary>State rows no grain reads any more are deleted once, by the schema an upgraded server applies.</summary>
public sealed class RetiredStateTests
{
    [Fact]
    public async Task OldVisitorIndexRows_AreDeletedOnce_AndLeadRowsKept()
    {
        var database = await TestEnvironment.CreatePostgresDatabaseAsync(TestEnvironment.UniqueName("nt"));
        await PostgresSchema.ApplyAsync(database);
        // A database from before the clean-up: no record of it, and rows of the retired state.
        await ExecuteAsync(database, "DELETE FROM nurture_cleanups");
        await InsertStateAsync(database, "visitor", 1);
        await InsertStateAsync(database, "visitor", 2);
        await InsertStateAsync(database, "lead", 3);

        await PostgresSchema.ApplyAsync(database);

        Assert.Equal(0, await CountAsync(database, "visitor"));
        Assert.Equal(1, await CountAsync(database, "lead"));

        // Done once: later starts do not look again.
        await InsertStateAsync(database, "visitor", 4);
        await PostgresSchema.ApplyAsync(database);
        Assert.Equal(1, await CountAsync(database, "visitor"));
    }

    private static async Task InsertStateAsync(string database, string grainType, long id) =>
        await ExecuteAsync(database, $"""
            INSERT INTO orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_hash, grain_type_hash, payload, version)
            VALUES ('nurture', '{grainType}', {id}, 0, 0, 0, '\x00', 1)
            """);

    private static async Task<long> CountAsync(string database, string grainType)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM orleans_grain_state WHERE grain_type = '{grainType}'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
