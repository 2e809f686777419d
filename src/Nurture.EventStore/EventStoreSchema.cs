using System.Globalization;
using ClickHouse.Driver;

namespace Nurture.EventStore;

/// <summary>
/// Versioned, idempotent migrations of our ClickHouse tables. Only types and engines that both
/// ClickHouse 18.16 and current versions accept, so a production cluster runs the same DDL. Each table
/// is written once as a <see cref="TableDefinition"/>; <see cref="ClickHouseLayout"/> turns it into the
/// statements for one server or for a cluster.
/// </summary>
public static class EventStoreSchema
{
    /// <summary>Each migration: its version, the tables it creates and the columns it adds. Append only; never edit a shipped one.</summary>
    public static readonly IReadOnlyList<SchemaMigration> Migrations =
    [
        new(1, [
            new TableDefinition(
                Name: "events",
                Columns: """
                    event_id String
                    site_id UUID
                    lead_id UUID
                    visitor_id String
                    type String
                    name String
                    url String
                    host String
                    path String
                    query String
                    referrer String
                    referrer_host String
                    title String
                    channel String
                    utm_source String
                    utm_medium String
                    utm_campaign String
                    utm_term String
                    utm_content String
                    click_id_name String
                    click_id String
                    device_class String
                    browser String
                    os String
                    is_bot UInt8
                    prop_keys Array(String)
                    prop_values Array(String)
                    email String
                    trait_keys Array(String)
                    trait_values Array(String)
                    client_time Nullable(DateTime('UTC'))
                    server_time DateTime('UTC')
                    server_ms UInt64
                    user_agent String
                    client_ip String
                    spool_node String
                    spool_seq UInt64
                    """,
                Engine: "MergeTree",
                PartitionBy: "toYYYYMM(server_time)",
                OrderBy: "(site_id, lead_id, server_time, event_id)",
                ShardingKey: TableDefinition.BySpoolNode),
            new TableDefinition(
                Name: "lead_aliases",
                Columns: """
                    merged_id UUID
                    survivor_id UUID
                    merged_at DateTime('UTC')
                    """,
                Engine: "ReplacingMergeTree(merged_at)",
                PartitionBy: null,
                OrderBy: "merged_id",
                ShardingKey: "cityHash64(toString(merged_id))"),
        ]),
        new(2, [
            new TableDefinition(
                Name: "score_changes",
                Columns: """
                    lead_id UUID
                    kind String
                    event_id String
                    key String
                    category String
                    points Float64
                    engagement Float64
                    fit Float64
                    grade String
                    stage String
                    previous_stage String
                    at DateTime('UTC')
                    at_ms UInt64
                    model_version UInt32
                    spool_node String
                    spool_seq UInt64
                    """,
                Engine: "MergeTree",
                PartitionBy: "toYYYYMM(at)",
                OrderBy: "(lead_id, at_ms, kind, key)",
                ShardingKey: TableDefinition.BySpoolNode),
        ]),
        new(3, [
            // The lead list: one row per saved lead state; the highest version of a lead is current.
            new TableDefinition(
                Name: "lead_profiles",
                Columns: """
                    lead_id UUID
                    version UInt64
                    merged_into String
                    erased UInt8
                    created_at DateTime('UTC')
                    last_seen DateTime('UTC')
                    email String
                    emails Array(String)
                    name String
                    company String
                    phone String
                    traits String
                    stage String
                    grade String
                    engagement Float64
                    fit Float64
                    owner String
                    consent String
                    first_channel String
                    first_source String
                    first_campaign String
                    first_touch_at DateTime('UTC')
                    last_channel String
                    last_source String
                    last_campaign String
                    sessions UInt64
                    page_views UInt64
                    events UInt64
                    sites Array(String)
                    history_ids Array(String)
                    segments Array(String)
                    spool_node String
                    spool_seq UInt64
                    """,
                Engine: "ReplacingMergeTree(version)",
                PartitionBy: null,
                OrderBy: "lead_id",
                ShardingKey: "cityHash64(toString(lead_id))"),
        ]),
        // Each interest category's decayed points when the row was written, so segments can test interest.
        new(4, [], [
            new ColumnAddition("lead_profiles", "interest_keys", "Array(String)"),
            new ColumnAddition("lead_profiles", "interest_values", "Array(Float64)"),
        ]),
    ];

    /// <summary>The definition of one of our tables, by the name the server reads and writes.</summary>
    public static TableDefinition Table(string name) =>
        Migrations.SelectMany(m => m.Tables).SingleOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"no ClickHouse table {name} in the schema", nameof(name));

    /// <summary>Every statement of a migration for this layout, in order: its tables, then its added columns.</summary>
    public static IEnumerable<string> Statements(SchemaMigration migration, ClickHouseLayout layout) =>
        migration.Tables.SelectMany(layout.CreateTable).Concat(migration.Columns
            .GroupBy(c => c.Table)
            .SelectMany(added => layout.AddColumns(TableAsOf(added.Key, migration.Version), [.. added])));

    /// <summary>A table's definition with the columns every migration up to <paramref name="version"/> added to it.</summary>
    public static TableDefinition TableAsOf(string name, int version)
    {
        var added = Migrations.Where(m => m.Version <= version).SelectMany(m => m.Columns).Where(c => c.Table == name);
        var table = Table(name);
        return table with { Columns = table.Columns.TrimEnd() + "\n" + string.Join("\n", added.Select(c => $"{c.Column} {c.Type}")) };
    }

    public static async Task ApplyAsync(ClickHouseStore store, CancellationToken cancellationToken)
    {
        var layout = store.Layout;
        await store.ExecuteAsync(layout.CreateDatabase(), cancellationToken, withoutDatabase: true);
        // Local to the server Nurture talks to, also on a cluster: every statement is IF NOT EXISTS (and
        // ON CLUSTER there), so nodes that talk to different servers of one cluster may each run them.
        await store.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, applied_at DateTime('UTC')) ENGINE = MergeTree ORDER BY version",
            cancellationToken);
        var applied = (await store.QueryAsync("SELECT version FROM schema_migrations", cancellationToken))
            .Select(r => int.Parse(r.GetProperty("version").ToString(), CultureInfo.InvariantCulture))
            .ToHashSet();
        foreach (var migration in Migrations)
        {
            if (applied.Contains(migration.Version)) continue;
            // Every statement may run again after a crash between them: tables are IF NOT EXISTS, and a
            // column that is already there (ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS) is taken as added.
            foreach (var statement in Statements(migration, layout))
            {
                try
                {
                    await store.ExecuteAsync(statement, cancellationToken);
                }
                catch (ClickHouseServerException ex) when (IsColumnAlreadyThere(ex))
                {
                }
            }
            await store.ExecuteAsync(
                $"INSERT INTO schema_migrations (version, applied_at) VALUES ({migration.Version}, now())", cancellationToken);
        }
    }

    /// <summary>ClickHouse's "Cannot add column x: column with this name already exists" (code 44), also when a cluster's host reports it.</summary>
    private static bool IsColumnAlreadyThere(ClickHouseServerException ex) =>
        ex.Message.Contains("Code: 44", StringComparison.Ordinal) && ex.Message.Contains("already exists", StringComparison.Ordinal);
}
