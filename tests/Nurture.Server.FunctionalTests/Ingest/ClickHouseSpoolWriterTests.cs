using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nurture.Abstractions.Scoring;
using Nurture.EventStore;
using Nurture.Spool;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Ingest;

/// <summary>The spool-to-ClickHouse writer on its own, against the test ClickHouse.</summary>
public sealed class ClickHouseSpoolWriterTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "writer-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Restart_AfterAnErasureDeletedTheNewestRows_DoesNotWriteThemAgain()
    {
        var probe = new ClickHouseProbe(TestEnvironment.UniqueName("nw"));
        using var store = new ClickHouseStore(Options.Create(new ClickHouseOptions { Url = TestEnvironment.ClickHouseUrl, Database = probe.Database }));
        using var spool = new EventSpool(new SpoolOptions { Directory = directory, Consumers = [ClickHouseSpoolWriter.ConsumerName] }, TimeProvider.System);
        var kept = Guid.NewGuid();
        var erased = Guid.NewGuid();
        await spool.AppendAsync([Change(kept, "a"), Change(kept, "b"), Change(erased, "c")]);
        await RunWriterUntilAsync(spool, store, 3);

        // The erased lead's row is the newest of this spool in ClickHouse.
        await store.ExecuteAsync($"ALTER TABLE score_changes DELETE WHERE lead_id = {ClickHouseSql.Quote(erased)}", CancellationToken.None);
        Assert.Equal(0, await ClickHouseProbe.EventuallyAsync(() => CountAsync(probe, erased), n => n == 0));

        // A restarted writer resumes after its checkpoint, not after what ClickHouse still has.
        await spool.AppendAsync([Change(kept, "d")]);
        await RunWriterUntilAsync(spool, store, 4);
        Assert.Equal(3, await ClickHouseProbe.EventuallyAsync(() => CountAsync(probe, kept), n => n == 3));
        Assert.Equal(0, await CountAsync(probe, erased));
    }

    public void Dispose()
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    private static async Task RunWriterUntilAsync(EventSpool spool, ClickHouseStore store, long checkpoint)
    {
        using var schema = new ClickHouseSchemaGate(store);
        var writer = new ClickHouseSpoolWriter(spool, new ScoreChangesTable(), store, schema, new ClickHouseWriterStatus(),
            Options.Create(new ClickHouseOptions { Url = TestEnvironment.ClickHouseUrl, FlushInterval = TimeSpan.FromMilliseconds(50) }),
            TimeProvider.System, NullLogger<ClickHouseSpoolWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        await ClickHouseProbe.EventuallyAsync(() => Task.FromResult(spool.GetCheckpoint(ClickHouseSpoolWriter.ConsumerName)), c => c >= checkpoint);
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(checkpoint, spool.GetCheckpoint(ClickHouseSpoolWriter.ConsumerName));
    }

    private static async Task<long> CountAsync(ClickHouseProbe probe, Guid lead) =>
        (await probe.QueryAsync($"SELECT count() AS n FROM score_changes WHERE lead_id = {ClickHouseSql.Quote(lead)}"))[0].GetProperty("n").GetInt64();

    private static SpoolEntry Change(Guid lead, string key) => new(DedupeKeys.Of($"{lead:N}/{key}"), JsonSerializer.SerializeToUtf8Bytes(
        new ScoreChange { LeadId = lead, Kind = ScoreChange.RuleKind, EventId = key, Key = key, At = DateTimeOffset.UtcNow }, ScoreChangeJson.Default.ScoreChange));
}
