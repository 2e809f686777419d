namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// The cluster of the test ClickHouse's own config that the Distributed schema is tested on: one shard,
/// the server itself (deploy/local.sh points the sample clusters at its TCP port).
/// </summary>
public static class ClickHouseClusterCheck
{
    public static string ClusterName =>
        Environment.GetEnvironmentVariable("NURTURE_TEST_CLICKHOUSE_CLUSTER") is { Length: > 0 } name ? name : "test_shard_localhost";

    /// <summary>Fails with what to do when the cluster is missing, has several shards, or is not this server.</summary>
    public static async Task RequireOneLocalShardAsync()
    {
        var rows = await new ClickHouseProbe("system").QueryAsync(
            $"SELECT shard_num, host_name, port, is_local FROM system.clusters WHERE cluster = '{ClusterName}'");
        var ok = rows.Count > 0
            && rows.All(r => r.GetProperty("shard_num").GetInt64() == 1)
            && rows.All(r => r.GetProperty("is_local").GetInt64() == 1);
        if (!ok)
        {
            var found = rows.Count == 0 ? "no such cluster" : string.Join("; ", rows.Select(r => r.ToString()));
            throw new InvalidOperationException(
                $"ClickHouse at {TestEnvironment.ClickHouseUrl} needs a cluster '{ClusterName}' of one shard that is the server itself " +
                $"(found: {found}). deploy/local.sh points the sample clusters of ClickHouse's config at its own TCP port when it " +
                "starts ClickHouse; a ClickHouse started before that change must be restarted by local.sh, or set " +
                "NURTURE_TEST_CLICKHOUSE_CLUSTER to such a cluster.");
        }
    }
}
