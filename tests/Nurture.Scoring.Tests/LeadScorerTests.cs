using Nurture.Abstractions.Events;
using Nurture.Abstractions.Scoring;

namespace Nurture.Scoring.Tests;

public sealed class LeadScorerTests
{
    private static readonly Guid Lead = Guid.NewGuid();
    private readonly Model.ScoringModel model = Models.Parse();

    private List<ScoreChange> Apply(LeadScores scores, TrackedEvent e, string session = "s1")
    {
        var changes = new List<ScoreChange>();
        LeadScorer.ApplyEvent(scores, Lead, e, session, model, changes);
        return changes;
    }

    [Fact]
    public void ApplyEvent_MatchingRuleAddsPointsToItsCategory_AndExplainsIt()
    {
        var scores = new LeadScores();
        var changes = Apply(scores, Models.PageView("/pricing/enterprise", Models.T0));

        var change = Assert.Single(changes);
        Assert.Equal(("rule", "pricing", "pricing", 10.0), (change.Kind, change.Key, change.Category, change.Points));
        var report = LeadScorer.Report(scores, model, Models.T0.AddDays(10));
        Assert.Equal(5, report.Interest["pricing"], precision: 6);
        var why = Assert.Single(report.TopContributions);
        Assert.Equal((10.0, 5.0), (why.Points, why.PointsNow));
    }

    [Fact]
    public void ApplyEvent_NegativePoints_AndHostGlob()
    {
        var scores = new LeadScores();
        Assert.Single(Apply(scores, Models.PageView("/careers/dev", Models.T0)));
        Assert.Empty(Apply(scores, Models.PageView("/careers/dev", Models.T0, host: "example.org")));
        Assert.Equal(-4, LeadScorer.Engagement(scores, model, Models.T0), precision: 9);
    }

    [Fact]
    public void Caps_PerDay_PerLead_OncePerSession()
    {
        var scores = new LeadScores();
        var hits = new[] { 0, 1, 2 }.Sum(i => Apply(scores, Models.PageView("/plans", Models.T0.AddMinutes(i))).Count);
        Assert.Equal(2, hits);
        Assert.Single(Apply(scores, Models.PageView("/plans", Models.T0.AddDays(1))));

        Assert.Single(Apply(scores, Models.PageView("/compare", Models.T0)));
        Assert.Empty(Apply(scores, Models.PageView("/compare", Models.T0.AddDays(5))));

        Assert.Single(Apply(scores, Models.PageView("/calculator", Models.T0), session: "s1"));
        Assert.Empty(Apply(scores, Models.PageView("/calculator", Models.T0.AddMinutes(5)), session: "s1"));
        Assert.Single(Apply(scores, Models.PageView("/calculator", Models.T0.AddHours(2)), session: "s2"));
    }

    [Fact]
    public void ApplyEvent_UtmAndPropsConditions_MustAllHold()
    {
        var scores = new LeadScores();
        var e = Models.PageView("/landing", Models.T0) with
        {
            Source = new AcquisitionSource { Channel = "email", UtmCampaign = "Black-Friday" },
            PropKeys = ["plan"],
            PropValues = ["pro"],
        };
        Assert.Single(Apply(scores, e));
        Assert.Empty(Apply(scores, e with { PropValues = ["free"] }));
    }

    [Fact]
    public void ApplyEvent_Bots_AreNeverScored()
    {
        var scores = new LeadScores();
        Assert.Empty(Apply(scores, Models.PageView("/pricing", Models.T0) with { IsBot = true }));
    }

    [Theory]
    [InlineData("ann@acme.example", "CTO", "500", "JP", 50, "A")]
    [InlineData("ann@acme.example", "CTO", "20", "FR", 30, "B")]
    [InlineData("ann@gmail.com", "Engineer", "500", "US", 20, "C")]
    [InlineData("ann@gmail.com", "Engineer", "big", "FR", 0, "D")]
    public void UpdateFit_SumsMatchingRules_AndGrades(string email, string title, string size, string country, double fit, string grade)
    {
        var scores = new LeadScores();
        var traits = new Dictionary<string, string> { ["job_title"] = title, ["company_size"] = size, ["country"] = country };
        var changes = new List<ScoreChange>();
        LeadScorer.UpdateFit(scores, Lead, traits, [email], model, "e", Models.T0, changes);
        Assert.Equal((fit, grade), (scores.Fit, scores.Grade));
        LeadScorer.UpdateFit(scores, Lead, traits, [email], model, "e", Models.T0, changes);
        Assert.True(changes.Count <= 1);
    }

    [Fact]
    public void UpdateStage_EntersAtTheThreshold_LeavesOnlyBelowTheLowerOne()
    {
        var scores = new LeadScores { Fit = 20 };
        var changes = new List<ScoreChange>();
        // 5 pricing views = 50 points: straight to hot.
        for (var i = 0; i < 5; i++) Apply(scores, Models.PageView("/pricing", Models.T0));
        LeadScorer.UpdateStage(scores, Lead, known: true, model, "e", Models.T0, changes);
        Assert.Equal(LeadStages.Hot, scores.Stage);
        var entered = Assert.Single(changes);
        Assert.Equal((LeadStages.Anonymous, LeadStages.Hot), (entered.PreviousStage, entered.Stage));

        // After 2 days, engagement is 50 × 2^(−0.2) ≈ 43.5: under hot's enter (50) but above its leave (40): stays hot.
        LeadScorer.UpdateStage(scores, Lead, true, model, "e", Models.T0.AddDays(2), changes);
        Assert.Equal(LeadStages.Hot, scores.Stage);
        // After 5 days, ≈ 35.4: below hot's leave, still above mql's leave (20): mql.
        LeadScorer.UpdateStage(scores, Lead, true, model, "e", Models.T0.AddDays(5), changes);
        Assert.Equal(LeadStages.Mql, scores.Stage);
        // After 40 days, ≈ 3.1: below engaged's leave (5): back to known.
        LeadScorer.UpdateStage(scores, Lead, true, model, "e", Models.T0.AddDays(40), changes);
        Assert.Equal(LeadStages.Known, scores.Stage);
        Assert.Equal([LeadStages.Hot, LeadStages.Mql, LeadStages.Known], scores.StageHistory.Select(s => s.To));
    }

    [Fact]
    public void UpdateStage_LowFit_StopsAtEngaged()
    {
        var scores = new LeadScores { Fit = 0 };
        for (var i = 0; i < 6; i++) Apply(scores, Models.PageView("/pricing", Models.T0));
        var changes = new List<ScoreChange>();
        LeadScorer.UpdateStage(scores, Lead, known: false, model, "e", Models.T0, changes);
        Assert.Equal(LeadStages.Engaged, scores.Stage);
    }

    [Fact]
    public void Merge_CombinesInterestExactly_AndKeepsTheHigherStage()
    {
        var a = new LeadScores();
        var b = new LeadScores { Stage = LeadStages.Mql };
        Apply(a, Models.PageView("/pricing", Models.T0));
        Apply(b, Models.PageView("/pricing", Models.T0.AddDays(10)));
        LeadScorer.Merge(a, b, model);
        Assert.Equal(15, LeadScorer.Engagement(a, model, Models.T0.AddDays(10)), precision: 9);
        Assert.Equal(LeadStages.Mql, a.Stage);
        Assert.Equal(2, a.Contributions.Count);
    }

    [Fact]
    public void Replay_OfTheSameEvents_GivesTheSameScores()
    {
        var random = new Random(11);
        string[] paths = ["/pricing", "/plans", "/compare", "/calculator", "/careers/x", "/blog"];
        var events = Enumerable.Range(0, 300)
            .Select(i => Models.PageView(paths[random.Next(paths.Length)], Models.T0.AddMinutes(random.Next(0, 60 * 24 * 30))))
            .ToList();

        LeadScores Run()
        {
            var scores = new LeadScores();
            var changes = new List<ScoreChange>();
            foreach (var e in events)
            {
                LeadScorer.ApplyEvent(scores, Lead, e, $"s{e.ReceivedAt.DayOfYear}", model, changes);
                LeadScorer.UpdateStage(scores, Lead, true, model, e.EventId, e.ReceivedAt, changes);
            }
            return scores;
        }

        var live = Run();
        var replayed = Run();
        var at = Models.T0.AddDays(40);
        Assert.Equal(LeadScorer.Engagement(live, model, at), LeadScorer.Engagement(replayed, model, at));
        Assert.Equal(live.Stage, replayed.Stage);
        Assert.Equal(live.StageHistory, replayed.StageHistory);
        Assert.Equal(live.Contributions, replayed.Contributions);
    }
}
