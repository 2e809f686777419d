using Nurture.Abstractions.Events;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Scoring.Tests;

/// <summary>What sales records (a call, a meeting, a won deal) is an event rules may match, by type and outcome.</summary>
public sealed class SalesEventRuleTests
{
    private const string Model = """
        {
          "categories": { "sales": { "halfLifeDays": 30 } },
          "rules": [
            { "id": "meeting-booked", "category": "sales", "points": 25, "match": { "type": "sales_call", "props": { "outcome": "meeting_booked" } } },
            { "id": "met", "category": "sales", "points": 10, "match": { "type": "sales_meeting" } }
          ],
          "fit": { "rules": [], "grades": { "a": 40, "b": 25, "c": 10 } },
          "stages": {
            "engaged": { "enter": 10, "leave": 5 },
            "mql": { "enter": 30, "leave": 20, "minFit": 10 },
            "hot": { "enter": 50, "leave": 40, "minFit": 10 }
          }
        }
        """;

    [Theory]
    [InlineData("sales_call")]
    [InlineData("sales_meeting")]
    [InlineData("sales_note")]
    [InlineData("sales_accepted")]
    [InlineData("sales_won")]
    [InlineData("sales_lost")]
    public void MatchableTypes_HoldEverySalesEvent(string type) => Assert.Contains(type, ScoringModelParser.MatchableTypes);

    [Fact]
    public void ApplyEvent_ACallThatBookedAMeeting_ScoresByItsOutcome()
    {
        var (model, errors) = ScoringModelParser.Parse(Model);
        Assert.Empty(errors);
        var scores = new LeadScores();
        var changes = new List<ScoreChange>();

        LeadScorer.ApplyEvent(scores, Guid.NewGuid(), Call("no_answer"), "s", model!.WithVersion(1), changes);
        Assert.Empty(changes);
        LeadScorer.ApplyEvent(scores, Guid.NewGuid(), Call("meeting_booked"), "s", model.WithVersion(1), changes);

        var change = Assert.Single(changes);
        Assert.Equal(("meeting-booked", 25.0), (change.Key, change.Points));
    }

    private static TrackedEvent Call(string outcome) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        SiteId = Guid.Empty,
        VisitorId = "sales:lead",
        LeadId = Guid.Empty,
        Type = "sales_call",
        Source = new AcquisitionSource { Channel = "sales" },
        PropKeys = ["outcome", "rep"],
        PropValues = [outcome, "rep-sam"],
        ReceivedAt = Models.T0,
    };
}
