using System.Text;

namespace Nurture.EventStore;

/// <summary>
/// How our tables sit on ClickHouse. Without a cluster: one table per name, exactly the single-server
/// schema. With <see cref="ClickHouseOptions.Cluster"/>: each table is <c>&lt;name&gt;_local</c> on every
/// shard (Replicated engines with <see cref="ClickHouseOptions.Replicated"/>) plus a Distributed table
/// under the plain name, so queries and inserts are the same SQL either way; DDL runs ON CLUSTER.
/// </summary>
public sealed class ClickHouseLayout
{
    public const string LocalSuffix = "_local";

    private readonly string database;
    private readonly string? cluster;
    private readonly bool replicated;
    private readonly string replicationPath;
    private readonly bool distributedDdl;

    public ClickHouseLayout(ClickHouseOptions options)
    {
        database = options.Database;
        cluster = string.IsNullOrWhiteSpace(options.Cluster) ? null : options.Cluster;
        replicated = options.Replicated;
        replicationPath = options.ReplicationPath;
        distributedDdl = options.DistributedDdl;
    }

    public bool IsCluster => cluster is not null;

    /// <summary>
    /// Settings sent with every query on a cluster. An INSERT into a Distributed table answers only once
    /// the shard has the rows: the spool writers read their high-water mark back right after. An IN or
    /// JOIN over a second Distributed table (segments, analysis) runs it once, whole, on the server we ask
    /// ("global"): the tables are sharded differently, so a shard's own rows would not do.
    /// </summary>
    public IReadOnlyDictionary<string, object> QuerySettings =>
        IsCluster
            ? new Dictionary<string, object> { ["insert_distributed_sync"] = 1, ["distributed_product_mode"] = "global" }
            : new Dictionary<string, object>();

    public string CreateDatabase() => $"CREATE DATABASE IF NOT EXISTS {database}{OnCluster}";

    /// <summary>The statements that create the table: one without a cluster, the local and the Distributed table with one.</summary>
    public IReadOnlyList<string> CreateTable(TableDefinition table)
    {
        if (cluster is null)
            return [Create(table.Name, table.Columns, table.Engine, table.PartitionBy, table.OrderBy)];
        var local = table.Name + LocalSuffix;
        return
        [
            Create($"{database}.{local}{OnCluster}", table.Columns, LocalEngine(table.Engine, local), table.PartitionBy, table.OrderBy),
            Create($"{database}.{table.Name}{OnCluster}", table.Columns,
                $"Distributed({ClickHouseSql.Quote(cluster)}, {ClickHouseSql.Quote(database)}, {ClickHouseSql.Quote(local)}, {table.ShardingKey})",
                partitionBy: null, orderBy: null),
        ];
    }

    /// <summary>
    /// The statements that add columns to a table, whose definition <paramref name="widened"/> already lists them.
    /// On a cluster the local tables take an ALTER; the Distributed table is made again instead, because
    /// ClickHouse refuses an ALTER ON CLUSTER of a table that is not replicated on a replicated cluster
    /// (it holds no rows: inserts into it are synchronous).
    /// </summary>
    public IReadOnlyList<string> AddColumns(TableDefinition widened, IReadOnlyList<ColumnAddition> added)
    {
        var adds = string.Join(", ", added.Select(c => $"ADD COLUMN {c.Column} {c.Type}"));
        if (cluster is null) return [$"ALTER TABLE {widened.Name} {adds}"];
        return
        [
            $"ALTER TABLE {database}.{widened.Name}{LocalSuffix}{OnCluster} {adds}",
            $"DROP TABLE IF EXISTS {database}.{widened.Name}{OnCluster}",
            CreateTable(widened)[1],
        ];
    }

    /// <summary>
    /// Where ALTER ... DELETE goes: a Distributed table takes no mutations, so on a cluster the local
    /// tables of every shard.
    /// </summary>
    public string MutationTarget(string table) => cluster is null ? table : $"{database}.{table}{LocalSuffix}{OnCluster}";

    private string OnCluster => cluster is not null && distributedDdl ? $" ON CLUSTER {cluster}" : "";

    /// <summary><c>ReplacingMergeTree(version)</c> becomes <c>ReplicatedReplacingMergeTree('path', '{replica}', version)</c>.</summary>
    private string LocalEngine(string engine, string localTable)
    {
        if (!replicated) return engine;
        var open = engine.IndexOf('(');
        var name = open < 0 ? engine : engine[..open];
        var arguments = open < 0 ? "" : engine[(open + 1)..^1].Trim();
        var path = replicationPath.Replace("{database}", database, StringComparison.Ordinal).Replace("{table}", localTable, StringComparison.Ordinal);
        var replication = $"{ClickHouseSql.Quote(path)}, '{{replica}}'";
        return $"Replicated{name}({replication}{(arguments.Length > 0 ? ", " + arguments : "")})";
    }

    private static string Create(string nameAndCluster, string columns, string engine, string? partitionBy, string? orderBy)
    {
        var sql = new StringBuilder($"CREATE TABLE IF NOT EXISTS {nameAndCluster}\n(\n");
        var lines = columns.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        sql.AppendJoin(",\n", lines.Select(line => "    " + line.TrimEnd(','))).Append("\n)\n");
        sql.Append("ENGINE = ").Append(engine);
        if (partitionBy is not null) sql.Append("\nPARTITION BY ").Append(partitionBy);
        if (orderBy is not null) sql.Append("\nORDER BY ").Append(orderBy);
        return sql.ToString();
    }
}
