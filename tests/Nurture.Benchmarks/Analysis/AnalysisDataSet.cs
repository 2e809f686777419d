using System.Text.Json;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Spool;

namespace Nurture.Benchmarks.Analysis;

/// <summary>
/// A marketing database of a given size, written straight into ClickHouse with the server's own row
/// writers: leads acquired over 90 days from six channels and fifty campaigns, a third of them known,
/// Zipf-popular page views (so a few leads have thousands and most a handful), and stage changes for
/// the leads that progressed. Seeded, so every run holds the same data.
/// </summary>
public sealed class AnalysisDataSet(int leads, int events, DateTimeOffset now)
{
    private static readonly string[] Channels = ["paid_search", "organic_search", "email", "social", "referral", "direct"];
    private static readonly string[] Paths = ["/", "/pricing", "/pricing/team", "/docs", "/blog/post", "/demo", "/features", "/contact"];
    private const int Batch = 50_000;

    public async Task WriteAsync(ClickHouseStore store, CancellationToken cancellationToken)
    {
        var random = new Random(2026);
        var ids = Enumerable.Range(0, leads).Select(i => Nurture.Abstractions.StableGuid.From($"bench-lead:{i}")).ToArray();
        var site = Guid.Parse("6a1c3c5e-0000-4000-8000-000000000001");
        var writer = new JsonRowWriter();

        var profiles = new LeadProfilesTable();
        await InBatchesAsync(store, profiles.Name, leads, (i, rows) =>
        {
            var created = now.AddDays(-random.NextDouble() * 90);
            var channel = Channels[random.Next(Channels.Length)];
            var known = random.NextDouble() < 0.33;
            var stage = known ? (random.NextDouble() switch { < 0.03 => "hot", < 0.1 => "mql", < 0.3 => "engaged", _ => "known" }) : "anonymous";
            var profile = new LeadProfile
            {
                LeadId = ids[i], Version = 1, CreatedAt = created, LastSeen = created.AddDays(random.NextDouble() * 5),
                Email = known ? $"person{i}@example{i % 997}.com" : null, Emails = known ? [$"person{i}@example{i % 997}.com"] : [],
                Name = known ? $"Person {i}" : null, Company = known ? $"Company {i % 5000}" : null,
                Traits = known ? new Dictionary<string, string> { ["industry"] = i % 3 == 0 ? "software" : "retail" } : new Dictionary<string, string>(),
                Stage = stage, Grade = "BCD"[i % 3].ToString(), Engagement = random.Next(0, 120), Fit = random.Next(0, 60),
                FirstChannel = channel, FirstSource = channel == "paid_search" ? "google" : null, FirstCampaign = $"campaign-{i % 50}",
                FirstTouchAt = created, LastChannel = channel, Sessions = 1 + i % 7, PageViews = 3, Events = 3,
                Sites = [site], HistoryIds = [ids[i]],
            };
            profiles.WriteRow(writer, Record(i, JsonSerializer.SerializeToUtf8Bytes(profile, LeadProfileJson.Default.LeadProfile)), "bench", rows);
        }, cancellationToken);

        // Zipf-like popularity: lead k gets a share proportional to 1/(k+1)^0.8, drawn by inverse transform.
        var weights = Enumerable.Range(0, leads).Select(k => 1 / Math.Pow(k + 1, 0.8)).ToArray();
        var cumulative = new double[leads];
        var sum = 0.0;
        for (var k = 0; k < leads; k++) cumulative[k] = sum += weights[k];
        await InBatchesAsync(store, "events", events, (i, rows) =>
        {
            var k = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            var lead = k < 0 ? Math.Min(~k, leads - 1) : k;
            var path = Paths[random.Next(Paths.Length)];
            EventsTable.Write(writer, new TrackedEvent
            {
                EventId = $"e{i}", SiteId = site, VisitorId = $"v{lead}", LeadId = ids[lead], Type = EventTypes.PageView,
                Url = $"https://shop.example.com{path}", Host = "shop.example.com", Path = path,
                ReceivedAt = now.AddDays(-random.NextDouble() * 90),
                Source = new AcquisitionSource
                {
                    Channel = Channels[lead % Channels.Length],
                    UtmCampaign = Channels[lead % Channels.Length] == "direct" ? null : $"campaign-{(lead + i) % 50}",
                },
            }, "bench", i + 1, rows);
        }, cancellationToken);

        // Won deals (sales_won, as sales records them) for 2% of the leads, with a deal value: for attribution.
        var won = Enumerable.Range(0, leads).Where(i => i % 50 == 7).ToArray();
        await InBatchesAsync(store, "events", won.Length, (n, rows) =>
        {
            var i = won[n];
            EventsTable.Write(writer, new TrackedEvent
            {
                EventId = $"won{i}", SiteId = Guid.Empty, VisitorId = $"sales:{i}", LeadId = ids[i], Type = "sales_won",
                ReceivedAt = now.AddDays(-random.NextDouble() * 30), Source = new AcquisitionSource { Channel = "sales" },
                PropKeys = ["deal_value", "closed_on"], PropValues = [$"{100_000 + i % 17 * 50_000}", $"{now.AddDays(-n % 30):yyyy-MM-dd}"],
            }, "bench", events + n + 1, rows);
        }, cancellationToken);

        var changes = new ScoreChangesTable();
        var progressed = Enumerable.Range(0, leads).Where(i => i % 10 < 3).ToArray();
        await InBatchesAsync(store, changes.Name, progressed.Length, (n, rows) =>
        {
            var i = progressed[n];
            var stage = (i % 100) switch { < 3 => "hot", < 10 => "mql", _ => "engaged" };
            var change = new Nurture.Abstractions.Scoring.ScoreChange
            {
                LeadId = ids[i], Kind = Nurture.Abstractions.Scoring.ScoreChange.StageKind, EventId = $"s{i}", Key = stage,
                Stage = stage, PreviousStage = "known", At = now.AddDays(-random.NextDouble() * 60),
            };
            changes.WriteRow(writer, Record(n, JsonSerializer.SerializeToUtf8Bytes(change, ScoreChangeJson.Default.ScoreChange)), "bench", rows);
        }, cancellationToken);
    }

    private static async Task InBatchesAsync(ClickHouseStore store, string table, int count, Action<int, Stream> write, CancellationToken cancellationToken)
    {
        for (var start = 0; start < count; start += Batch)
        {
            using var rows = new MemoryStream();
            for (var i = start; i < Math.Min(count, start + Batch); i++) write(i, rows);
            rows.Position = 0;
            await store.InsertJsonRowsAsync(table, rows, cancellationToken);
        }
    }

    private static SpoolRecord Record(int i, byte[] payload) => new(i + 1, (ulong)i + 1, DateTimeOffset.UnixEpoch, payload);
}
