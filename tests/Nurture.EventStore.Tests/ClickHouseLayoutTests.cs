using System.ComponentModel.DataAnnotations;

namespace Nurture.EventStore.Tests;

/// <summary>The DDL each layout produces: today's schema on one server, local + Distributed tables on a cluster.</summary>
public sealed class ClickHouseLayoutTests
{
    private static ClickHouseLayout Layout(string cluster = "", bool replicated = false, bool distributedDdl = true) =>
        new(new ClickHouseOptions { Url = "http://127.0.0.1:8123", Database = "nurture", Cluster = cluster, Replicated = replicated, DistributedDdl = distributedDdl });

    private static string AllStatements(ClickHouseLayout layout) =>
        string.Join(";\n\n", EventStoreSchema.Migrations.SelectMany(m => EventStoreSchema.Statements(m, layout))) + ";\n";

    [Fact]
    public void SingleServer_RendersExactlyTheShippedSchema()
    {
        var shipped = string.Concat(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "shipped-schema.sql"))
            .SkipWhile(line => line.StartsWith("--", StringComparison.Ordinal) || line.Length == 0)
            .Select(line => line + "\n"));

        Assert.Equal(shipped, AllStatements(Layout()));
    }

    [Fact]
    public void SingleServer_HasNoClusterSettingsAndMutatesTheTableItself()
    {
        var layout = Layout();

        Assert.False(layout.IsCluster);
        Assert.Empty(layout.QuerySettings);
        Assert.Equal("CREATE DATABASE IF NOT EXISTS nurture", layout.CreateDatabase());
        Assert.Equal("events", layout.MutationTarget("events"));
    }

    [Fact]
    public void Cluster_CreatesALocalTableOnEveryShardAndADistributedTableUnderThePlainName()
    {
        var statements = Layout("analytics").CreateTable(EventStoreSchema.Table("events"));

        Assert.Equal(2, statements.Count);
        Assert.StartsWith("CREATE TABLE IF NOT EXISTS nurture.events_local ON CLUSTER analytics\n(\n    event_id String,\n", statements[0]);
        Assert.EndsWith("\n)\nENGINE = MergeTree\nPARTITION BY toYYYYMM(server_time)\nORDER BY (site_id, lead_id, server_time, event_id)", statements[0]);
        Assert.StartsWith("CREATE TABLE IF NOT EXISTS nurture.events ON CLUSTER analytics\n(\n    event_id String,\n", statements[1]);
        Assert.EndsWith("\n    spool_seq UInt64\n)\nENGINE = Distributed('analytics', 'nurture', 'events_local', cityHash64(spool_node))", statements[1]);
    }

    [Theory]
    [InlineData("events", "cityHash64(spool_node)")]
    [InlineData("score_changes", "cityHash64(spool_node)")]
    [InlineData("lead_profiles", "cityHash64(toString(lead_id))")]
    [InlineData("lead_aliases", "cityHash64(toString(merged_id))")]
    public void Cluster_ShardsAppendOnlyTablesBySpoolNodeAndReplacingTablesByTheirKey(string table, string shardingKey)
    {
        var distributed = Layout("analytics").CreateTable(EventStoreSchema.Table(table))[1];

        Assert.EndsWith($"ENGINE = Distributed('analytics', 'nurture', '{table}_local', {shardingKey})", distributed);
    }

    [Fact]
    public void Cluster_DatabaseAndMutationsGoOnCluster_ToTheLocalTables()
    {
        var layout = Layout("analytics");

        Assert.True(layout.IsCluster);
        Assert.Equal("CREATE DATABASE IF NOT EXISTS nurture ON CLUSTER analytics", layout.CreateDatabase());
        Assert.Equal("nurture.lead_profiles_local ON CLUSTER analytics", layout.MutationTarget("lead_profiles"));
        Assert.Equal(1, layout.QuerySettings["insert_distributed_sync"]);
        Assert.Equal("global", layout.QuerySettings["distributed_product_mode"]);
    }

    [Fact]
    public void Replicated_UsesReplicatedEnginesWithShardAndReplicaMacrosAndAPathPerTable()
    {
        var layout = Layout("analytics", replicated: true);

        var events = layout.CreateTable(EventStoreSchema.Table("events"))[0];
        var profiles = layout.CreateTable(EventStoreSchema.Table("lead_profiles"))[0];
        var aliases = layout.CreateTable(EventStoreSchema.Table("lead_aliases"))[0];

        Assert.Contains("\nENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/nurture/events_local', '{replica}')\nPARTITION BY toYYYYMM(server_time)\n", events);
        Assert.Contains("\nENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/nurture/lead_profiles_local', '{replica}', version)\nORDER BY lead_id", profiles);
        Assert.Contains("\nENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/nurture/lead_aliases_local', '{replica}', merged_at)\n", aliases);
        Assert.All(new[] { events, profiles, aliases }, s => Assert.Contains(" ON CLUSTER analytics\n", s));
    }

    [Fact]
    public void Replicated_TheDistributedTableIsTheSameAsWithoutReplication()
    {
        var table = EventStoreSchema.Table("score_changes");

        Assert.Equal(Layout("analytics").CreateTable(table)[1], Layout("analytics", replicated: true).CreateTable(table)[1]);
    }

    [Fact]
    public void WithoutDistributedDdl_StatementsRunOnTheConnectedServerOnly()
    {
        var layout = Layout("test_shard_localhost", distributedDdl: false);

        var statements = AllStatements(layout);

        Assert.DoesNotContain("ON CLUSTER", statements);
        Assert.Contains("CREATE TABLE IF NOT EXISTS nurture.events_local\n", statements);
        Assert.Equal("nurture.events_local", layout.MutationTarget("events"));
        Assert.Equal(1, layout.QuerySettings["insert_distributed_sync"]);
    }

    [Fact]
    public void Cluster_AddsColumnsToTheLocalTables_AndMakesTheDistributedTableAgainWithThem()
    {
        var statements = EventStoreSchema.Statements(EventStoreSchema.Migrations.Single(m => m.Version == 4), Layout("analytics")).ToList();

        Assert.Equal(3, statements.Count);
        Assert.Equal(
            "ALTER TABLE nurture.lead_profiles_local ON CLUSTER analytics ADD COLUMN interest_keys Array(String), ADD COLUMN interest_values Array(Float64)",
            statements[0]);
        Assert.Equal("DROP TABLE IF EXISTS nurture.lead_profiles ON CLUSTER analytics", statements[1]);
        Assert.StartsWith("CREATE TABLE IF NOT EXISTS nurture.lead_profiles ON CLUSTER analytics", statements[2]);
        Assert.Contains("    segments Array(String),\n    spool_node String,\n    spool_seq UInt64,\n    interest_keys Array(String),\n    interest_values Array(Float64)\n)\nENGINE = Distributed", statements[2]);
    }

    [Fact]
    public void EveryTable_HasOneDefinition_AndAnUnknownNameIsRefused()
    {
        var names = EventStoreSchema.Migrations.SelectMany(m => m.Tables).Select(t => t.Name).ToList();

        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Throws<ArgumentException>(() => EventStoreSchema.Table("nope"));
    }

    [Theory]
    [InlineData("", true, true, "Replicated needs Nurture:ClickHouse:Cluster")]
    [InlineData("analytics", true, false, "DistributedDdl=false")]
    [InlineData("bad name; DROP", false, true, "Cluster must be a plain identifier")]
    public void Options_RefuseInconsistentClusterSettings(string cluster, bool replicated, bool distributedDdl, string expected)
    {
        var options = new ClickHouseOptions { Url = "http://127.0.0.1:8123", Cluster = cluster, Replicated = replicated, DistributedDdl = distributedDdl };
        var errors = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Options_ReplicationPathWithoutTableIsRefused()
    {
        var options = new ClickHouseOptions { Url = "http://127.0.0.1:8123", Cluster = "analytics", Replicated = true, ReplicationPath = "/clickhouse/tables/{shard}/x" };
        var errors = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage!.Contains("{table}", StringComparison.Ordinal));
    }
}
