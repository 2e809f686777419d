using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Leads.Conditions;
using Nurture.Conditions;

namespace Nurture.Conditions.Tests;

public sealed class LeadConditionMatcherTests
{
    private static readonly LeadProfile Kim = new()
    {
        LeadId = Guid.NewGuid(),
        Version = 1,
        Email = "kim@northwind.example",
        Company = "Northwind Traders",
        Stage = "MQL",
        Engagement = 42,
        Fit = 10,
        FirstSource = "google",
        Traits = new Dictionary<string, string> { ["industry"] = "Software" },
    };

    [Theory]
    [InlineData("stage", TextOperator.Is, "mql", true)]
    [InlineData("stage", TextOperator.IsNot, "MQL", false)]
    [InlineData("company", TextOperator.Contains, "WIND", true)]
    [InlineData("company", TextOperator.StartsWith, "north", true)]
    [InlineData("company", TextOperator.StartsWith, "wind", false)]
    [InlineData("owner", TextOperator.IsNotSet, null, true)]
    [InlineData("owner", TextOperator.IsSet, null, false)]
    [InlineData("first_source", TextOperator.Is, "google", true)]
    [InlineData("last_source", TextOperator.IsNot, "google", true)]
    public void Field_ComparesIgnoringCase_AndAnUnsetFieldIsEmpty(string field, TextOperator op, string? value, bool expected) =>
        Assert.Equal(expected, LeadConditionMatcher.Matches(Kim, new FieldCondition(field, op, value)));

    [Fact]
    public void Traits_Scores_AndGroups_CombineAsTheyRead()
    {
        var software = new TraitCondition("industry", TextOperator.Is, "software");
        var retail = new TraitCondition("industry", TextOperator.Is, "retail");
        var engaged = new ScoreCondition(ScoreCondition.Engagement, AtLeast: true, 40);
        var fitBelow = new ScoreCondition(ScoreCondition.Fit, AtLeast: false, 10);
        Assert.True(LeadConditionMatcher.Matches(Kim, new ConditionGroup(false, [software, engaged])));
        Assert.False(LeadConditionMatcher.Matches(Kim, new ConditionGroup(false, [retail, engaged])));
        Assert.True(LeadConditionMatcher.Matches(Kim, new ConditionGroup(true, [retail, engaged])));
        Assert.False(LeadConditionMatcher.Matches(Kim, new ConditionGroup(true, [retail, fitBelow])));
        Assert.True(LeadConditionMatcher.Matches(Kim, new ConditionGroup(true, [])));
        Assert.True(LeadConditionMatcher.Matches(Kim, new TraitCondition("region", TextOperator.IsNot, "kanto")));
    }

    [Fact]
    public void Behaviour_IsNotJudgedOnTheRow()
    {
        var visited = new ActivityCondition("page_view", "/pricing*", null, null, null, [], 1, 30, false);
        Assert.False(visited.IsSimple);
        Assert.Throws<ArgumentException>(() => LeadConditionMatcher.Matches(Kim, visited));
    }
}
