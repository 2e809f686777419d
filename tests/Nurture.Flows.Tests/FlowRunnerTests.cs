using System.Text.Json;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Flows;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Flows.Tests;

public sealed class FlowRunnerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);
    private static readonly ScoringModel Model = ScoringModelParser.Default().WithVersion(1);

    private const string Nudge = """
        { "name": "Nudge", "trigger": { "event": { "type": "page_view", "path": "/pricing*" } }, "reentry": { "after": "7d" },
          "goal": { "event": { "type": "form_submit" } }, "start": "mail",
          "steps": [
            { "id": "mail", "type": "send_email", "template": "t", "next": "morning" },
            { "id": "morning", "type": "wait_until", "at": "09:00", "weekdays": ["mon", "tue", "wed", "thu", "fri"], "next": "check" },
            { "id": "check", "type": "branch", "condition": { "clickedLastEmail": true }, "then": "hot", "else": "end" },
            { "id": "hot", "type": "set_trait", "trait": "nudge", "value": "clicked", "next": "end" },
            { "id": "end", "type": "end" } ] }
        """;

    [Fact]
    public async Task Run_SendsOnce_WaitsForMorningInTheLeadsZone_ThenBranches()
    {
        var (runner, emails) = Runner(Nudge);
        var lead = Lead("Asia/Tokyo");
        var changes = new List<ScoreChange>();
        var trigger = PageView("/pricing", T0);
        await runner.OnEventAsync(lead, trigger, [], Model, (_, _, _) => { }, changes, default);

        var run = Assert.Single(lead.Enrolments);
        Assert.Equal("morning", run.StepId);
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T00:00:00Z"), run.WaitUntil); // 09:00 Tuesday in Tokyo
        var sendId = Assert.Single(emails.Sent);

        // A replay of the same event (a crash before the lead was saved) decides the same send id.
        var replayLead = Lead("Asia/Tokyo");
        replayLead.Id = lead.Id;
        var (replayRunner, replayEmails) = Runner(Nudge);
        await replayRunner.OnEventAsync(replayLead, trigger, [], Model, (_, _, _) => { }, [], default);
        Assert.Equal([sendId], replayEmails.Sent);

        // The click arrives, then morning comes: the branch takes the clicked path.
        await runner.OnEventAsync(lead, Email("email_click", sendId, T0.AddHours(1)), [], Model, (_, _, _) => { }, changes, default);
        var traits = new Dictionary<string, string>();
        await runner.OnTimeAsync(lead, Model, DateTimeOffset.Parse("2026-11-24T00:00:01Z"), (t, v, _) => traits[t] = v, changes, default);
        Assert.Equal(FlowEnrolment.Completed, run.Status);
        Assert.Equal("clicked", traits["nudge"]);
        Assert.Equal(["mail", "morning", "check", "hot", "end", "#completed"], run.Path.Select(p => p.StepId));
    }

    [Fact]
    public async Task Goal_EndsTheRun_AndReentryWaitsItsTime()
    {
        var (runner, _) = Runner(Nudge);
        var lead = Lead(null);
        await runner.OnEventAsync(lead, PageView("/pricing", T0), [], Model, (_, _, _) => { }, [], default);
        await runner.OnEventAsync(lead, PageView("/contact", T0.AddMinutes(5)) with { Type = EventTypes.FormSubmit }, [], Model, (_, _, _) => { }, [], default);
        Assert.Equal(FlowEnrolment.GoalReached, lead.Enrolments[0].Status);

        await runner.OnEventAsync(lead, PageView("/pricing", T0.AddDays(1)), [], Model, (_, _, _) => { }, [], default);
        Assert.Single(lead.Enrolments);
        await runner.OnEventAsync(lead, PageView("/pricing", T0.AddDays(8)), [], Model, (_, _, _) => { }, [], default);
        Assert.Equal(2, lead.Enrolments.Count);
    }

    [Fact]
    public async Task ScannerClicks_DoNotCountAsClicks()
    {
        var (runner, emails) = Runner(Nudge);
        var lead = Lead(null);
        await runner.OnEventAsync(lead, PageView("/pricing", T0), [], Model, (_, _, _) => { }, [], default);
        await runner.OnEventAsync(lead, Email("email_click", emails.Sent[0], T0.AddSeconds(1)) with { IsBot = true }, [], Model, (_, _, _) => { }, [], default);
        Assert.False(lead.Enrolments[0].LastEmailClicked);
    }

    [Fact]
    public void Bandit_SendsMostToTheVariantThatGetsMoreClicks()
    {
        var random = new Random(42);
        var truth = new[] { 0.05, 0.25, 0.10 };
        var arms = new (long Sends, long Clicks)[3];
        for (var round = 0; round < 2000; round++)
        {
            var i = EmailBandit.Choose(arms, random);
            arms[i] = (arms[i].Sends + 1, arms[i].Clicks + (random.NextDouble() < truth[i] ? 1 : 0));
        }
        Assert.True(arms[1].Sends > 1500, $"the best variant got {arms[1].Sends} of 2000 sends");
        Assert.All(arms, a => Assert.True(a.Sends > 0));
    }

    [Fact]
    public async Task ChooseEmail_PicksAVariantForTheLeadsTopInterest_AndRecordsWhy()
    {
        const string flow = """
            { "name": "Next best", "trigger": { "event": { "type": "page_view", "path": "/pricing*" } }, "start": "pick",
              "steps": [
                { "id": "pick", "type": "choose_email", "next": "end", "candidates": [
                    { "template": "pricing-a", "category": "pricing" }, { "template": "pricing-b", "category": "pricing" },
                    { "template": "careers", "category": "careers" }, { "template": "general" } ] },
                { "id": "end", "type": "end" } ] }
            """;
        var (runner, _) = Runner(flow);
        var lead = Lead(null);
        lead.Scores.Interest["pricing"] = new DecayingScore(30, T0);
        await runner.OnEventAsync(lead, PageView("/pricing", T0), [], Model, (_, _, _) => { }, [], default);
        var note = lead.Enrolments[0].Path.Single(p => p.StepId == "end").Note!;
        Assert.Matches("queued: pricing-[ab] \\(top interest pricing, stage anonymous; bandit\\)", note);
        Assert.Equal("nudge/pick/pricing/anonymous", lead.Enrolments[0].LastChoiceKey);
    }

    [Fact]
    public async Task ScoreTrigger_EnrolsWhenTheInterestCrossesTheThreshold()
    {
        const string flow = """
            { "name": "Pricing interest", "trigger": { "score": { "category": "pricing", "atLeast": 25 } }, "start": "tag",
              "steps": [ { "id": "tag", "type": "set_trait", "trait": "pricing", "value": "keen", "next": "end" }, { "id": "end", "type": "end" } ] }
            """;
        var (runner, _) = Runner(flow);
        var lead = Lead(null);
        for (var i = 0; i < 3; i++)
        {
            var e = PageView("/pricing", T0.AddMinutes(i));
            var changes = new List<ScoreChange>();
            Scoring.LeadScorer.ApplyEvent(lead.Scores, lead.Id, e, $"s{i}", Model, changes);
            await runner.OnEventAsync(lead, e, changes, Model, (_, _, _) => { }, [], default);
            Assert.Equal(i == 2 ? 1 : 0, lead.Enrolments.Count); // 10, 20, then 30 ≥ 25
        }
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("3d", 259200)]
    [InlineData("1w", 604800)]
    [InlineData("P2D", 172800)]
    [InlineData("PT4H", 14400)]
    public void ParseDuration_ReadsBothForms(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), FlowParser.ParseDuration(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("-3d")]
    [InlineData("P")]
    [InlineData("")]
    public void ParseDuration_RefusesNonsense(string text) => Assert.Null(FlowParser.ParseDuration(text));

    [Fact]
    public void Parse_WaitUntil_ChecksTimeAndDays()
    {
        var bad = Nudge.Replace("\"09:00\"", "\"9 o'clock\"").Replace("\"fri\"", "\"someday\"");
        using var document = JsonDocument.Parse(bad);
        var (flow, errors) = FlowParser.Parse("nudge", document.RootElement, _ => true);
        Assert.Null(flow);
        Assert.Contains(errors, e => e.Path == "$.steps[1].at");
        Assert.Contains(errors, e => e.Path == "$.steps[1].weekdays");
    }

    private static (FlowRunner Runner, RecordingEmails Emails) Runner(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (flow, errors) = FlowParser.Parse("nudge", document.RootElement, _ => true);
        Assert.Empty(errors);
        var emails = new RecordingEmails();
        return (new FlowRunner(new StaticFlowCatalog(flow!), emails, new LearningChooser()), emails);
    }

    private static LeadState Lead(string? timeZone) => new() { Id = Guid.NewGuid(), TimeZone = timeZone, Emails = ["ann@example.com"] };

    private static TrackedEvent PageView(string path, DateTimeOffset at) => new()
    {
        EventId = Guid.NewGuid().ToString("N"), SiteId = Guid.NewGuid(), VisitorId = "v", LeadId = Guid.Empty,
        Type = EventTypes.PageView, Path = path, Host = "shop.example.com", Url = "https://shop.example.com" + path, ReceivedAt = at,
    };

    private static TrackedEvent Email(string type, Guid sendId, DateTimeOffset at) => PageView("/", at) with
    {
        Type = type, SiteId = Guid.Empty, PropKeys = ["send_id"], PropValues = [sendId.ToString("N")],
    };

    /// <summary>The bandit over in-memory counts: what the choice grain does, without Orleans.</summary>
    private sealed class LearningChooser : IFlowEmailChooser
    {
        public Dictionary<string, (long Sends, long Clicks)> Stats { get; } = [];

        public Task<(string Template, string Reason)> ChooseAsync(string choiceKey, IReadOnlyList<string> templates)
        {
            var arms = templates.Select(t => Stats.GetValueOrDefault($"{choiceKey}|{t}")).ToList();
            var template = templates[EmailBandit.Choose(arms, new Random(3))];
            var s = Stats.GetValueOrDefault($"{choiceKey}|{template}");
            Stats[$"{choiceKey}|{template}"] = (s.Sends + 1, s.Clicks);
            return Task.FromResult((template, "bandit"));
        }

        public Task RecordClickAsync(string choiceKey, string template)
        {
            var s = Stats.GetValueOrDefault($"{choiceKey}|{template}");
            Stats[$"{choiceKey}|{template}"] = (s.Sends, s.Clicks + 1);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingEmails : IFlowEmailSender
    {
        public List<Guid> Sent { get; } = [];

        public Task<bool> QueueAsync(LeadState lead, string templateId, Guid sendId, string origin, CancellationToken cancellationToken)
        {
            Sent.Add(sendId);
            return Task.FromResult(true);
        }
    }
}
