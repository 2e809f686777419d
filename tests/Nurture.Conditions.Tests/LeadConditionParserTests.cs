using System.Text.Json;
using Nurture.Abstractions.Leads.Conditions;
using Nurture.Conditions;
using Nurture.Scoring.Model;

namespace Nurture.Conditions.Tests;

public sealed class LeadConditionParserTests
{
    private static (LeadCondition? Condition, List<string> Errors) Parse(string json)
    {
        var reader = new ModelReader();
        using var document = JsonDocument.Parse(json);
        var condition = LeadConditionParser.Parse(reader, document.RootElement, "$.conditions");
        return (reader.Errors.Count > 0 ? null : condition, reader.Errors.Select(e => $"{e.Path}: {e.Reason}").ToList());
    }

    [Fact]
    public void Parse_GroupsAndEveryKindOfTest_ReadsThemAll()
    {
        var (condition, errors) = Parse("""
            {"any": [
              {"all": [{"field": "stage", "op": "is", "value": " SQL "}, {"trait": "industry", "op": "contains", "value": "soft"}]},
              {"score": "engagement", "atLeast": 50},
              {"score": "fit", "below": 10},
              {"segment": "customers", "member": false},
              {"did": "page_view", "path": "/pricing*", "atLeast": 2, "withinDays": 14},
              {"did": "email_click", "template": "welcome", "link": "*/demo*"},
              {"did": "form_submit", "never": true, "props": {"form": "contact"}}
            ]}
            """);
        Assert.Empty(errors);
        var any = Assert.IsType<ConditionGroup>(condition);
        Assert.True(any.Any);
        Assert.Equal(7, any.Conditions.Count);
        var all = Assert.IsType<ConditionGroup>(any.Conditions[0]);
        Assert.False(all.Any);
        Assert.Equal(new FieldCondition("stage", TextOperator.Is, "SQL"), all.Conditions[0]);
        Assert.Equal(new ScoreCondition("fit", false, 10), any.Conditions[2]);
        Assert.Equal(new SegmentCondition("customers", false), any.Conditions[3]);
        var visited = Assert.IsType<ActivityCondition>(any.Conditions[4]);
        Assert.Equal(("page_view", "/pricing*", 2, 14, false), (visited.Type, visited.PathPattern, visited.AtLeast, visited.WithinDays, visited.Never));
        var clicked = Assert.IsType<ActivityCondition>(any.Conditions[5]);
        Assert.Equal(("welcome", "*/demo*", 1, 30), (clicked.Template, clicked.LinkPattern, clicked.AtLeast, clicked.WithinDays));
        var never = Assert.IsType<ActivityCondition>(any.Conditions[6]);
        Assert.True(never.Never);
        Assert.Equal([new("form", "contact")], never.Props);
        Assert.False(any.IsSimple);
        Assert.True(all.IsSimple);
    }

    [Fact]
    public void Parse_WhatSalesDid_ByTypeAndOutcome()
    {
        var (condition, errors) = Parse("""{"all": [{"did": "sales_call", "props": {"outcome": "reached"}, "withinDays": 7}, {"did": "sales_won", "never": true}]}""");

        Assert.Empty(errors);
        var all = Assert.IsType<ConditionGroup>(condition);
        var called = Assert.IsType<ActivityCondition>(all.Conditions[0]);
        Assert.Equal(("sales_call", 7), (called.Type, called.WithinDays));
        Assert.Equal([new("outcome", "reached")], called.Props);
        Assert.Equal("sales_won", Assert.IsType<ActivityCondition>(all.Conditions[1]).Type);
    }

    [Theory]
    [InlineData("""[]""", "$.conditions: must be an object")]
    [InlineData("""{"all": [], "any": []}""", "$.conditions: needs exactly one of all, any, field, trait, score, interest, segment or did")]
    [InlineData("""{"all": [{"field": "password", "op": "is", "value": "x"}]}""", "$.conditions.all[0].field: must be one of email,")]
    [InlineData("""{"all": [{"field": "stage", "op": "like", "value": "x"}]}""", "$.conditions.all[0].op: must be one of is, is_not,")]
    [InlineData("""{"all": [{"field": "stage", "op": "is"}]}""", "$.conditions.all[0].value: is required")]
    [InlineData("""{"all": [{"field": "stage", "op": "is", "value": "   "}]}""", "$.conditions.all[0].value: must not be blank")]
    [InlineData("""{"all": [{"field": "stage", "op": "is_set", "value": "x"}]}""", "$.conditions.all[0].value: must be left out")]
    [InlineData("""{"trait": "Robert'); DROP TABLE", "op": "is", "value": "x"}""", "$.conditions.trait: must be a trait name")]
    [InlineData("""{"score": "engagement"}""", "$.conditions: needs exactly one of atLeast or below")]
    [InlineData("""{"score": "karma", "atLeast": 1}""", "$.conditions.score: must be engagement or fit")]
    [InlineData("""{"score": "fit", "atLeast": "10"}""", "$.conditions.atLeast: must be a number")]
    [InlineData("""{"did": "page_view", "path": "pricing"}""", "$.conditions.path: must start with /")]
    [InlineData("""{"did": "<script>", "atLeast": 1}""", "$.conditions.did: must be one of")]
    [InlineData("""{"did": "page_view", "atLeast": 0}""", "$.conditions.atLeast: must be between 1 and")]
    [InlineData("""{"did": "page_view", "never": true, "atLeast": 2}""", "$.conditions.atLeast: must be left out when never is true")]
    [InlineData("""{"did": "page_view", "withinDays": 99999}""", "$.conditions.withinDays: must be between 1 and 3650")]
    [InlineData("""{"did": "page_view", "props": {"k": 1}}""", "$.conditions.props.k: must be a text")]
    [InlineData("""{"segment": "x", "extra": 1}""", "$.conditions.extra: is not a known field")]
    [InlineData("""{"all": [{"all": [{"all": [{"any": [{"field": "stage", "op": "is", "value": "x"}]}]}]}]}""", "$.conditions.all[0].all[0].all[0]: nests groups too deep")]
    public void Parse_BadConditions_AreNamedByPathInWords(string json, string expected)
    {
        var (condition, errors) = Parse(json);
        Assert.Null(condition);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MoreThanFiftyTests_IsRefusedOnce()
    {
        var tests = string.Join(",", Enumerable.Range(0, 30).Select(i => $$"""{"field": "company", "op": "is", "value": "c{{i}}"}"""));
        var (_, errors) = Parse($$"""{"any": [{"all": [{{tests}}]}, {"all": [{{tests}}]}]}""");
        Assert.Single(errors, e => e.Contains("one test too many"));
    }
}
