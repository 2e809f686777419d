using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.Leads;
using Nurture.Scoring;
using Nurture.Scoring.Model;
using Nurture.Scoring.Predictive;

namespace Nurture.Scoring.Benchmarks;

/// <summary>
/// Targets from the scoring issue: a few microseconds per event with 100 rules; decay reads in O(1);
/// replay throughput in events/s; predictive scoring per lead.
/// </summary>
[SimpleJob(RuntimeMoniker.Net10_0, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private ScoringModel model = null!;
    private TrackedEvent[] events = null!;
    private LeadScores scores = null!;
    private LeadState lead = null!;
    private List<TrackedEvent> history = null!;
    private PredictiveModel predictive = null!;
    private IReadOnlyDictionary<string, FeatureValue> features = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        model = HundredRuleModel();
        var random = new Random(1);
        events = Enumerable.Range(0, 1024).Select(i => PageView($"/section{random.Next(0, 40)}/page{i % 7}", T0.AddMinutes(i))).ToArray();
        scores = new LeadScores();
        var changes = new List<ScoreChange>();
        foreach (var e in events) LeadScorer.ApplyEvent(scores, Guid.Empty, e, "s", model, changes);

        history = events.Take(1000).ToList();
        lead = new LeadState { Id = Guid.NewGuid() };
        foreach (var e in history) LeadEventProcessor.Begin(lead, lead.Id, e, model, changes);

        var (trained, _) = PredictiveTrainer.Train(TrainingSpreadsheet.Read(Encoding.UTF8.GetBytes(TrainingData(random)), "converted"));
        predictive = trained;
        features = LeadFeatures.Extract(lead, model, T0.AddDays(1));
    }

    [Benchmark(Description = "rule scoring, one event, 100 rules")]
    public int ScoreOneEvent()
    {
        var changes = new List<ScoreChange>(2);
        LeadScorer.ApplyEvent(scores, Guid.Empty, events[next++ & 1023], "s", model, changes);
        return changes.Count;
    }

    [Benchmark(Description = "decay read, engagement over 20 categories")]
    public double ReadEngagement() => LeadScorer.Engagement(scores, model, T0.AddDays(3));

    [Benchmark(Description = "replay, 1000 events (divide by 1000 for per event)")]
    public LeadScores Replay1000() => LeadEventProcessor.Replay(lead, history, model, T0.AddDays(1));

    [Benchmark(Description = "predictive likelihood and explanation, one lead")]
    public double PredictOneLead() => predictive.Predict(features).Likelihood;

    private static TrackedEvent PageView(string path, DateTimeOffset at) => new()
    {
        EventId = Guid.NewGuid().ToString("N"), SiteId = Guid.Empty, VisitorId = "v", LeadId = Guid.Empty,
        Type = EventTypes.PageView, Url = "https://shop.example.com" + path, Host = "shop.example.com", Path = path, ReceivedAt = at,
    };

    /// <summary>The default model with 100 path rules over 20 categories on top.</summary>
    private static ScoringModel HundredRuleModel()
    {
        var document = JsonNode.Parse(ScoringModelParser.Default().Document.GetRawText())!;
        var categories = document["categories"]!.AsObject();
        for (var c = 0; c < 15; c++) categories[$"topic-{c}"] = new JsonObject { ["halfLifeDays"] = 10 + c };
        var rules = document["rules"]!.AsArray();
        for (var r = rules.Count; r < 100; r++)
        {
            rules.Add(new JsonObject
            {
                ["id"] = $"rule-{r}", ["category"] = $"topic-{r % 15}", ["points"] = r % 7 + 1,
                ["match"] = new JsonObject { ["type"] = "page_view", ["path"] = $"/section{r % 40}/*" },
                ["cap"] = new JsonObject { ["perDay"] = 5 },
            });
        }
        return ScoringModelParser.Parse(document.ToJsonString()).Model!.WithVersion(1);
    }

    private static string TrainingData(Random random)
    {
        var csv = new StringBuilder("converted,page_views,sessions,interest_pricing,jobTitle,first_channel\n");
        string[] titles = ["CTO", "Engineer", "CEO", "Intern", "Manager"];
        string[] channels = ["email", "paid_search", "direct", "social"];
        for (var i = 0; i < 3000; i++)
        {
            var pricing = random.Next(0, 60);
            var title = titles[random.Next(titles.Length)];
            var converted = pricing > 30 && title is "CTO" or "CEO" ? random.NextDouble() < 0.8 : random.NextDouble() < 0.1;
            csv.Append(converted ? 1 : 0).Append(',').Append(random.Next(1, 50)).Append(',').Append(random.Next(1, 10)).Append(',')
               .Append(pricing).Append(',').Append(title).Append(',').Append(channels[random.Next(channels.Length)]).Append('\n');
        }
        return csv.ToString();
    }
}
