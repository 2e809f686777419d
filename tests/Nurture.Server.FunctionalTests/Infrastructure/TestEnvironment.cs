using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// The real PostgreSQL and ClickHouse that deploy/local.sh test started. Each fixture gets its own
/// databases, so test classes never see each other's data.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresAdmin => Require("NURTURE_TEST_PG");
    public static string ClickHouseUrl => Require("NURTURE_TEST_CLICKHOUSE");
    /// <summary>A second ClickHouse, replicating the first through ZooKeeper, and their cluster's name.</summary>
    public static string ClickHouseReplicaUrl => Require("NURTURE_TEST_CLICKHOUSE_REPLICA");
    public static string ReplicatedClusterName => Require("NURTURE_TEST_CLICKHOUSE_REPLICATED_CLUSTER");
    /// <summary>The same two ClickHouse servers as a cluster of two shards, one replica each.</summary>
    public static string ShardedClusterName => Require("NURTURE_TEST_CLICKHOUSE_SHARDED_CLUSTER");
    public static int SmtpPort => int.Parse(Require("NURTURE_TEST_SMTP_PORT"));
    /// <summary>The SMTP sink's Maildir: each received message is a file under new/.</summary>
    public static string MailDirectory => Require("NURTURE_TEST_MAIL_DIR");

    public static async Task<string> CreatePostgresDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name, Pooling = true }.ConnectionString;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run the tests through deploy/local.sh test, which starts PostgreSQL and ClickHouse for them.");
}
