using Nurture.Scoring.Model;

namespace Nurture.Scoring.Tests;

public sealed class ScoringModelParserTests
{
    [Fact]
    public void Parse_TheShippedDefault_IsValid()
    {
        var model = ScoringModelParser.Default();
        Assert.NotEmpty(model.Rules);
        Assert.NotEmpty(model.FitRules);
    }

    [Theory]
    [InlineData("/demo/pricing.html", "pricing-page")]
    [InlineData("/pricing", "pricing-page")]
    [InlineData("/en/pricing/teams", "pricing-page")]
    [InlineData("/demo/features.html", "features-page")]
    [InlineData("/demo", "demo-page")]
    [InlineData("/demo/", null)]
    [InlineData("/demo/index.html", null)]
    [InlineData("/demo/contact.html", null)]
    public void TheShippedDefault_ScoresTheDemoSitesPages_ByWhatTheyAre(string path, string? rule)
    {
        var hits = ScoringModelParser.Default().Rules.Where(r => r.Matches(Models.PageView(path, Models.T0))).Select(r => r.Id).ToList();
        Assert.Equal(rule is null ? [] : [rule], hits);
    }

    [Fact]
    public void Parse_AFitRuleOnAnOldTraitName_FindsTheTraitUnderItsTraitName()
    {
        // Models.Simple was written with "jobTitle" and "companySize", as the tracker once stored them.
        var (model, errors) = ScoringModelParser.Parse(Models.Simple);
        Assert.Empty(errors);
        Assert.Equal(["job_title", "company_size"], model!.FitRules.Where(r => r.Trait is "job_title" or "company_size").Select(r => r.Trait));
    }

    [Fact]
    public void Parse_ABadModel_ListsEveryErrorByPath()
    {
        const string bad = """
            {
              "categories": { "pricing": { "halfLifeDays": 0 }, "Bad Name": { "halfLifeDays": 5 } },
              "rules": [
                { "id": "a", "category": "pricing", "points": 10, "match": { "type": "page_view" } },
                { "id": "a", "category": "nope", "points": "ten", "match": { "type": "teleport", "path": "pricing" } },
                { "id": "c", "category": "pricing", "points": 1, "match": {}, "cap": { "perDay": 0, "oncePerSession": "yes" } },
                { "id": "d", "category": "pricing", "points": 1, "match": { "type": "click" }, "extra": 1 }
              ],
              "fit": {
                "rules": [
                  { "id": "f1", "trait": "jobTitle", "points": 5 },
                  { "id": "f2", "emailDomain": "weird", "points": 5 },
                  { "id": "f3", "trait": "x", "equals": "y", "contains": "z", "points": 1 }
                ],
                "grades": { "a": 10, "b": 20, "c": 5 }
              },
              "stages": {
                "engaged": { "enter": 10, "leave": 15 },
                "mql": { "enter": 5, "leave": 1 }
              }
            }
            """;
        var (model, errors) = ScoringModelParser.Parse(bad);
        Assert.Null(model);
        var paths = errors.Select(e => e.Path).ToList();
        string[] expected =
        [
            "$.categories.pricing.halfLifeDays", "$.categories['Bad Name']",
            "$.rules[1].id", "$.rules[1].category", "$.rules[1].points", "$.rules[1].match.type", "$.rules[1].match.path",
            "$.rules[2].cap.perDay", "$.rules[2].cap.oncePerSession", "$.rules[2].match",
            "$.rules[3].extra",
            "$.fit.rules[0]", "$.fit.rules[1].emailDomain", "$.fit.rules[2]",
            "$.fit.grades",
            "$.stages.engaged.leave", "$.stages.mql.enter", "$.stages.hot",
        ];
        foreach (var path in expected) Assert.Contains(path, paths);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"categories\": 5, \"rules\": {}, \"fit\": [], \"stages\": null}")]
    public void Parse_Garbage_IsRefusedWithErrors(string json)
    {
        var (model, errors) = ScoringModelParser.Parse(json);
        Assert.Null(model);
        Assert.NotEmpty(errors);
    }
}
