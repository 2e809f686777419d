using Microsoft.Extensions.Options;
using Nurture.EventStore;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Ingest;

/// <summary>An event store made by an older Nurture (migrations 1-3) is brought up to date with its rows kept.</summary>
public sealed class EventStoreUpgradeTests
{
    [Fact]
    public async Task AnOlderSchema_GetsTheInterestColumns_OldRowsReadNoInterest_AndApplyingAgainChangesNothing()
    {
        var probe = new ClickHouseProbe(TestEnvironment.UniqueName("up"));
        using var store = new ClickHouseStore(Options.Create(new ClickHouseOptions { Url = TestEnvironment.ClickHouseUrl, Database = probe.Database }));
        await store.ExecuteAsync(store.Layout.CreateDatabase(), CancellationToken.None, withoutDatabase: true);
        await store.ExecuteAsync("CREATE TABLE schema_migrations (version UInt32, applied_at DateTime('UTC')) ENGINE = MergeTree ORDER BY version", CancellationToken.None);
        foreach (var migration in EventStoreSchema.Migrations.Where(m => m.Version <= 3))
        {
            foreach (var statement in EventStoreSchema.Statements(migration, store.Layout)) await store.ExecuteAsync(statement, CancellationToken.None);
            await store.ExecuteAsync($"INSERT INTO schema_migrations VALUES ({migration.Version}, now())", CancellationToken.None);
        }
        var old = Guid.NewGuid();
        await store.ExecuteAsync($"INSERT INTO lead_profiles (lead_id, version, stage) VALUES ('{old}', 1, 'known')", CancellationToken.None);

        await EventStoreSchema.ApplyAsync(store, CancellationToken.None);
        // A crash after the ALTER, before the version was noted: the columns are there, and that is fine.
        await store.ExecuteAsync("ALTER TABLE schema_migrations DELETE WHERE version = 4", CancellationToken.None);
        await ClickHouseProbe.EventuallyAsync(() => probe.QueryAsync("SELECT version FROM schema_migrations WHERE version = 4"), r => r.Count == 0);
        await EventStoreSchema.ApplyAsync(store, CancellationToken.None);

        var rows = await probe.QueryAsync($"SELECT length(interest_keys) AS n, interest_values[indexOf(interest_keys, 'pricing')] AS pricing FROM lead_profiles WHERE lead_id = '{old}'");
        Assert.Equal(0, rows.Single().GetProperty("n").GetInt64());
        Assert.Equal(0, rows.Single().GetProperty("pricing").GetDouble());
        Assert.Single(await probe.QueryAsync("SELECT version FROM schema_migrations WHERE version = 4"));
    }
}
