using Nurture.Abstractions.Leads;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Nurture.Benchmarks.Results;
using Nurture.EventStore;
using Nurture.EventStore.Dashboard;

namespace Nurture.Benchmarks.Analysis;

/// <summary>
/// `analysis`: how fast the marketers' questions are answered on ClickHouse at a given size (default
/// 100,000 leads and 1,000,000 events): source analysis, the dashboard, the funnel, the lead list with filters
/// and a behaviour segment. Each query runs after a warm-up, five times; the baseline is a full scan of the
/// events table in the same run, so the ratio says how much work beyond reading the data each one is.
/// </summary>
public static class AnalysisCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var leads = Option(args, "--leads", 100_000);
        var events = Option(args, "--events", 1_000_000);
        var repeat = Option(args, "--repeat", 5);
        var url = Environment.GetEnvironmentVariable("NURTURE_TEST_CLICKHOUSE")
            ?? throw new InvalidOperationException("NURTURE_TEST_CLICKHOUSE is required (ClickHouse's HTTP URL on loopback).");
        var database = $"bench_analysis_{DateTime.UtcNow:yyyyMMddHHmmss}";
        using var store = new ClickHouseStore(Options.Create(new ClickHouseOptions { Url = url, Database = database }));
        var now = DateTimeOffset.UtcNow;
        try
        {
            await EventStoreSchema.ApplyAsync(store, CancellationToken.None);
            var load = Stopwatch.StartNew();
            await new AnalysisDataSet(leads, events, now).WriteAsync(store, CancellationToken.None);
            var mail = new EmailDataSet(leads, events / 5, now);
            await mail.WriteAsync(store, CancellationToken.None);
            Console.WriteLine($"wrote {leads:N0} leads, {events:N0} events and {mail.Events:N0} email events in {load.Elapsed.TotalSeconds:F1} s");

            var directory = new LeadDirectory(store, TimeProvider.System);
            var analysis = new SourceAnalysis(store);
            var dashboard = new ActivityCounts(store);
            var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
            var attribution = new AttributionAnalysis(store);
            var emails = new EmailPerformance(store);
            var flows = new FlowPerformance(store);
            var from = now.AddDays(-90);
            var queries = new (string Name, Func<Task> Run)[]
            {
                ("baseline: full scan of events (count, distinct leads)", () => store.QueryAsync("SELECT count(), uniqExact(lead_id) FROM events", default)),
                ("sources by channel, per day, 90 days", () => analysis.BySourceAsync(from, now, AnalysisInterval.Day, AnalysisDimension.Channel, false, [], default)),
                ("sources by campaign, per month", () => analysis.BySourceAsync(from, now, AnalysisInterval.Month, AnalysisDimension.Campaign, false, [], default)),
                ("dashboard: days of this and last week and 14 days, in JST, with top pages and campaigns", () => dashboard.ReadAsync(DashboardPeriods.At(now, tokyo), default)),
                ("attribution: new leads, position-based, 90 days", () => attribution.CreditsAsync(from, now, AttributionOutcome.New, AttributionModel.Position, default)),
                ("attribution: won deals, linear, 90 days", () => attribution.CreditsAsync(from, now, AttributionOutcome.Won, AttributionModel.Linear, default)),
                ("stage funnel, 90 days", () => analysis.FunnelAsync(from, now, [], default)),
                ("lead list: stage=mql, by engagement, 50", () => directory.ListAsync(new LeadFilter { Stages = ["mql"] }, LeadSort.Engagement, 50, 0, default)),
                ("lead list: search \"Company 42\"", () => directory.ListAsync(new LeadFilter { Search = "Company 42" }, LeadSort.LastSeen, 50, 0, default)),
                ("segment: known, /pricing ≥ 2 in 14 days", () => directory.IdsAsync(new LeadFilter
                {
                    KnownOnly = true, Behaviour = [new BehaviourCondition("page_view", "/pricing", null, 2, 14)],
                }, default)),
                ("email performance per template/step/variant, 90 days", () => emails.RowsAsync(new EmailSendFilter(from, now), default)),
                ("email chart per day, 90 days", () => emails.SeriesAsync(new EmailSendFilter(from, now), AnalysisInterval.Day, default)),
                ("email clicks per link, one template, 90 days", () => emails.LinksAsync(new EmailSendFilter(from, now, Template: "welcome"), 200, default)),
                ("flow performance per step", () => flows.StepsAsync(EmailDataSet.Flow, null, null, default)),
            };
            var rows = new List<(string Name, double Median, double Max)>();
            foreach (var (name, run) in queries)
            {
                await run();
                var times = new List<double>();
                for (var i = 0; i < repeat; i++)
                {
                    var clock = Stopwatch.StartNew();
                    await run();
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                rows.Add((name, times[times.Count / 2], times[^1]));
                Console.WriteLine($"{name}: median {times[times.Count / 2]:F0} ms, max {times[^1]:F0} ms");
            }
            var baseline = rows[0].Median;
            var body = $"""
                `dotnet run -c Release --project tests/Nurture.Benchmarks -- analysis --leads {leads} --events {events}` on {DateTime.UtcNow:yyyy-MM-dd}; {MachineInfo.Read().Describe()}.
                {leads:N0} leads, {events:N0} page views over 90 days (Zipf-popular leads), stage changes for 30% of leads, {events / 5:N0} email sends ({mail.Events:N0} email events, flow runs for a quarter of them); each query once to warm up, then {repeat} times.

                | Query | Median ms | Max ms | × full scan |
                | --- | ---: | ---: | ---: |
                {string.Join("\n", rows.Select(r => $"| {r.Name} | {r.Median:F0} | {r.Max:F0} | {r.Median / baseline:F1} |"))}
                """;
            if (!args.Contains("--no-record")) BenchmarksFile.ReplaceSection("analysis", "Analysis queries (ClickHouse)", body);
            Console.WriteLine(body);
            return rows.Skip(1).All(r => r.Median < 1000) ? 0 : 1;
        }
        finally
        {
            if (!args.Contains("--keep")) await store.ExecuteAsync($"DROP DATABASE IF EXISTS {database}", default, withoutDatabase: true);
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
