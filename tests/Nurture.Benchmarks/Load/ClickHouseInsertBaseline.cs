using System.Diagnostics;
using Nurture.Benchmarks.Load.Traffic;
using Nurture.EventStore;
using Nurture.Ingest.Normalisation;
using Nurture.Ingest.Pipeline;
using Nurture.Ingest.Wire;

namespace Nurture.Benchmarks.Load;

public sealed record RawInsertResult(long Rows, int BatchRows, long BytesPerRow, TimeSpan Took)
{
    public double RowsPerSecond => Rows / Took.TotalSeconds;
}

/// <summary>
/// What ClickHouse itself takes on this machine: JSONEachRow inserts over HTTP, one batch after
/// another as the server's writer does, of rows with the events table's exact shape and realistic
/// content (made by the server's own normaliser and row writer), into a copy of the same schema.
/// </summary>
public static class ClickHouseInsertBaseline
{
    public static async Task<RawInsertResult> RunAsync(ClickHouseHttp clickHouse, string database, IReadOnlyList<BenchSite> sites, long rows, int batchRows)
    {
        await clickHouse.QueryAsync($"CREATE DATABASE IF NOT EXISTS {database}");
        var singleServer = new ClickHouseLayout(new ClickHouseOptions { Database = database });
        foreach (var migration in EventStoreSchema.Migrations)
        {
            foreach (var statement in EventStoreSchema.Statements(migration, singleServer)) await clickHouse.QueryAsync(statement, database);
        }
        var batch = Rows(sites, batchRows);
        var inserts = (int)Math.Max(1, rows / batchRows);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < inserts; i++) await clickHouse.InsertJsonEachRowAsync(database, "events", batch);
        var took = clock.Elapsed;
        var inserted = (long)inserts * batchRows;
        var counted = await clickHouse.ScalarAsync("SELECT count() FROM events", database);
        if (counted != inserted) throw new InvalidOperationException($"the raw insert baseline wrote {inserted} rows but ClickHouse holds {counted}");
        return new RawInsertResult(inserted, batchRows, batch.Length / batchRows, took);
    }

    /// <summary>One batch of rows, from pixel requests through the same parsing and normalisation as ingest.</summary>
    private static byte[] Rows(IReadOnlyList<BenchSite> benchSites, int count)
    {
        var sites = benchSites.ToDictionary(s => s.Key, s => new Site(s.Id, s.Key, s.Host, [], DateTimeOffset.UtcNow));
        var traffic = new TrafficModel(benchSites, new Population("m", 100_000, 0.1), "raw", seed: 42);
        var writer = new JsonRowWriter();
        using var stream = new MemoryStream();
        for (var i = 0; i < count; i++)
        {
            var path = traffic.PixelPath($"raw-{i}", out var userAgent);
            var (incoming, rejection) = PixelQueryParser.Parse(path[path.IndexOf('?')..]);
            if (incoming is null) throw new InvalidOperationException($"the traffic model made an invalid event: {rejection}");
            var context = new ClientContext(userAgent, "127.0.0.0", null, DateTimeOffset.UtcNow);
            var tracked = EventNormaliser.Normalise(incoming, sites[incoming.SiteKey], context, UserAgentClassifier.Classify(userAgent));
            EventsTable.Write(writer, tracked, "raw", i + 1, stream);
        }
        return stream.ToArray();
    }
}
