namespace Nurture.EventStore;

/// <summary>
/// One MergeTree-family table of our schema, written once and rendered by <see cref="ClickHouseLayout"/>
/// for a single server or a cluster.
/// </summary>
/// <param name="Name">The name the server reads and writes (on a cluster: the Distributed table).</param>
/// <param name="Columns">The column list, one "name Type" per line.</param>
/// <param name="Engine">The single-server engine, e.g. <c>MergeTree</c> or <c>ReplacingMergeTree(version)</c>.</param>
/// <param name="PartitionBy">The PARTITION BY expression, or null.</param>
/// <param name="OrderBy">The ORDER BY expression.</param>
/// <param name="ShardingKey">
/// How a cluster's Distributed table spreads rows over shards. Spool-fed tables of plain MergeTree use
/// <see cref="BySpoolNode"/> so a writer's batch lands on one shard, whole or not at all (the writer
/// resumes after the highest row ClickHouse has); replacing tables are sharded by their key, so FINAL
/// sees every version of a row on one shard.
/// </param>
public sealed record TableDefinition(string Name, string Columns, string Engine, string? PartitionBy, string OrderBy, string ShardingKey)
{
    public const string BySpoolNode = "cityHash64(spool_node)";

    public bool ShardedBySpoolNode => ShardingKey == BySpoolNode;
}
