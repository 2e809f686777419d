using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Leads.Tests;

/// <summary>Re-scoring replays history; it must land exactly where live scoring did.</summary>
public sealed class RescoreEquivalenceTests
{
    private static readonly ScoringModel Model = ScoringModelParser.Default().WithVersion(1);
    private static readonly string[] Paths = ["/pricing", "/pricing/team", "/demo", "/docs/a", "/blog/x", "/careers", "/product/y", "/"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Replay_OfARandomStream_EqualsLiveScoring(int seed)
    {
        var random = new Random(seed);
        var stream = RandomStream(random, "v1", "v2", "v3");
        var live = Live(stream, Guid.NewGuid(), out var liveState);

        var replayed = LeadEventProcessor.Replay(liveState, stream, Model, Events.T0.AddDays(60));

        AssertSameScores(live, replayed, Events.T0.AddDays(60));
        Assert.Equal(live.Stage, replayed.Stage);
        Assert.Equal(live.StageHistory, replayed.StageHistory);
        Assert.Equal(live.Contributions.OrderBy(c => c.EventId), replayed.Contributions.OrderBy(c => c.EventId));
        Assert.Equal(live.RuleUsage.Keys.Order(), replayed.RuleUsage.Keys.Order());
        foreach (var (rule, usage) in live.RuleUsage) Assert.Equal(usage.Total, replayed.RuleUsage[rule].Total);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Replay_AfterAMerge_GivesTheSameInterestAndStage_WhenNoCapBinds(int seed)
    {
        // Without caps, rule hits do not depend on which lead saw them first: interest adds up exactly.
        var json = System.Text.Json.Nodes.JsonNode.Parse(Model.Document.GetRawText())!;
        foreach (var rule in json["rules"]!.AsArray()) rule!.AsObject().Remove("cap");
        var model = ScoringModelParser.Parse(json.ToJsonString()).Model!.WithVersion(2);

        var random = new Random(seed);
        var laptop = RandomStream(random, "laptop");
        var phone = RandomStream(random, "phone");
        var survivor = Live(laptop, Guid.NewGuid(), out var survivorState, model);
        Live(phone, Guid.NewGuid(), out var otherState, model);
        LeadMerger.Merge(survivorState, otherState);
        LeadScorer.Merge(survivorState.Scores, otherState.Scores, model);

        var all = laptop.Concat(phone).OrderBy(e => e.ReceivedAt).ToList();
        var replayed = LeadEventProcessor.Replay(survivorState, all, model, Events.T0.AddDays(60));
        LeadScorer.UpdateStage(survivorState.Scores, survivorState.Id, true, model, "x", Events.T0.AddDays(60), []);

        AssertSameScores(survivorState.Scores, replayed, Events.T0.AddDays(60));
        Assert.Equal(survivorState.Scores.Stage, replayed.Stage);
    }

    private static LeadScores Live(List<TrackedEvent> stream, Guid leadId, out LeadState state, ScoringModel? model = null)
    {
        state = new LeadState();
        var changes = new List<ScoreChange>();
        foreach (var e in stream)
        {
            if (LeadEventProcessor.Begin(state, leadId, e, model ?? Model, changes))
                LeadEventProcessor.Finish(state, leadId, e, model ?? Model, e.Type == EventTypes.Identify, changes);
        }
        return state.Scores;
    }

    /// <summary>Page views over 30 days in a shuffled time order (late events included), and one identify.</summary>
    private static List<TrackedEvent> RandomStream(Random random, params string[] visitors)
    {
        var events = Enumerable.Range(0, 150).Select(_ =>
            Events.PageView(visitors[random.Next(visitors.Length)], Events.T0.AddMinutes(random.Next(0, 60 * 24 * 30)),
                url: "https://shop.example.com" + Paths[random.Next(Paths.Length)]) with
            { Path = Paths[random.Next(Paths.Length)] }).ToList();
        events.Insert(random.Next(events.Count), Events.Identify(visitors[0], Events.T0.AddDays(random.Next(0, 30)),
            $"{visitors[0]}-{random.Next()}@acme.example", new() { ["jobTitle"] = "CTO", ["companySize"] = "500" }));
        // The spool numbers events in the order they arrive, whatever their timestamps say.
        var first = random.NextInt64(1, 1L << 40);
        return events.Select((e, i) => e with { SpoolSeq = first + i }).ToList();
    }

    private static void AssertSameScores(LeadScores expected, LeadScores actual, DateTimeOffset at)
    {
        Assert.Equal(expected.Interest.Keys.Order(), actual.Interest.Keys.Order());
        foreach (var (category, score) in expected.Interest)
        {
            var halfLife = Model.HalfLives[category];
            Assert.Equal(Decay.ValueAt(score, at, halfLife), Decay.ValueAt(actual.Interest[category], at, halfLife), precision: 9);
        }
        Assert.Equal((expected.Fit, expected.Grade), (actual.Fit, actual.Grade));
    }
}
