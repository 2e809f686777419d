using System.ComponentModel.DataAnnotations;

namespace Nurture.EventStore;

public sealed class ClickHouseOptions : IValidatableObject
{
    /// <summary>HTTP endpoint of ClickHouse, for example http://127.0.0.1:8123.</summary>
    [Required(ErrorMessage = "Nurture:ClickHouse:Url is required, for example http://127.0.0.1:8123.")]
    [Url(ErrorMessage = "Nurture:ClickHouse:Url must be an http(s) URL.")]
    public string Url { get; set; } = "";

    [Required, RegularExpression("^[A-Za-z_][A-Za-z0-9_]*$", ErrorMessage = "Nurture:ClickHouse:Database must be a plain identifier.")]
    public string Database { get; set; } = "nurture";

    public string Username { get; set; } = "default";
    public string Password { get; set; } = "";

    /// <summary>Rows per INSERT at most.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 20_000;

    /// <summary>The longest an accepted event waits before its batch is written.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A cluster of the ClickHouse server's remote_servers. Empty (the default): one server, one table
    /// per name. Set: <c>&lt;name&gt;_local</c> tables on every shard behind Distributed tables, DDL ON CLUSTER.
    /// </summary>
    [RegularExpression("^[A-Za-z_][A-Za-z0-9_]*$", ErrorMessage = "Nurture:ClickHouse:Cluster must be a plain identifier (a cluster name of remote_servers).")]
    public string Cluster { get; set; } = "";

    /// <summary>With a cluster: Replicated engines (needs ZooKeeper or ClickHouse Keeper and the {shard} and {replica} macros).</summary>
    public bool Replicated { get; set; }

    /// <summary>
    /// The replicated tables' coordination path; {shard} is ClickHouse's macro, {database} and {table}
    /// are filled in by Nurture (ClickHouse 18.16 has no such macros).
    /// </summary>
    public string ReplicationPath { get; set; } = "/clickhouse/tables/{shard}/{database}/{table}";

    /// <summary>
    /// With a cluster: DDL carries ON CLUSTER (ClickHouse's distributed DDL needs ZooKeeper or Keeper).
    /// false: statements run only on the server at <see cref="Url"/>, for a one-shard cluster without Keeper.
    /// </summary>
    public bool DistributedDdl { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var clustered = !string.IsNullOrWhiteSpace(Cluster);
        if (Replicated && !clustered)
            yield return new ValidationResult("Nurture:ClickHouse:Replicated needs Nurture:ClickHouse:Cluster (the cluster whose shards replicate).", [nameof(Replicated)]);
        if (Replicated && !ReplicationPath.Contains("{table}", StringComparison.Ordinal))
            yield return new ValidationResult("Nurture:ClickHouse:ReplicationPath must contain {table}, or every table would share one path.", [nameof(ReplicationPath)]);
        if (Replicated && !DistributedDdl)
            yield return new ValidationResult("Nurture:ClickHouse:DistributedDdl=false is for a cluster without Keeper; Replicated tables need Keeper.", [nameof(DistributedDdl)]);
    }
}
