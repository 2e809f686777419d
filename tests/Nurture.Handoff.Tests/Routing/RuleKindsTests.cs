using Nurture.Handoff.Apis;
using Nurture.Handoff.Routing;

namespace Nurture.Handoff.Tests.Routing;

public sealed class RuleKindsTests
{
    [Fact]
    public void Complete_DropsUnknownAndRepeated_AndPutsMissingRulesAtTheirDefaultPlace()
    {
        var stored = new[] { new RoutingRule("round_robin", false), new RoutingRule("pager", true), new RoutingRule("territory", true), new RoutingRule("round_robin", true) };

        var complete = RuleKinds.Complete(stored);

        Assert.Equal(["owner", "previous", "working_hours", "round_robin", "territory"], complete.Select(r => r.Kind));
        Assert.False(complete.Single(r => r.Kind == "round_robin").Enabled);
    }

    [Fact]
    public void EveryRule_HasWords()
    {
        Assert.All(RuleKinds.Defaults, r =>
        {
            Assert.NotEqual(r.Kind, RuleKinds.Label(r.Kind));
            Assert.NotEmpty(RuleKinds.Description(r.Kind));
        });
    }

    [Fact]
    public void Validate_EveryRuleOnceInOrder()
    {
        var body = new RoutingApi.RulesRequest([.. RuleKinds.Defaults.Reverse().Select(r => new RoutingApi.RuleRequest(r.Kind, r.Kind != "previous"))]);

        var (errors, rules) = RoutingApi.Validate(body);

        Assert.Empty(errors);
        Assert.Equal(RuleKinds.Defaults.Reverse().Select(r => r.Kind), rules.Select(r => r.Kind));
        Assert.False(rules.Single(r => r.Kind == "previous").Enabled);
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "null body", "$", "is required" },
        { "no rules", "$.rules", "is required" },
        { "unknown kind", "$.rules[1].kind", "must be one of owner, previous, working_hours, territory, round_robin" },
        { "twice", "$.rules[1].kind", "is listed twice" },
        { "no enabled", "$.rules[0].enabled", "is required" },
        { "null item", "$.rules[0]", "must be an object" },
        { "missing", "$.rules", "missing: territory, round_robin" },
        { "too many", "$.rules", "has 6 items" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public void Validate_BadBody_NamesTheField(string what, string field, string reason)
    {
        RoutingApi.RuleRequest R(string kind, bool? on = true) => new(kind, on);
        var body = what switch
        {
            "null body" => null,
            "no rules" => new RoutingApi.RulesRequest(null),
            "unknown kind" => new([R("owner"), R("pager"), R("previous"), R("working_hours"), R("territory")]),
            "twice" => new([R("owner"), R("owner"), R("previous"), R("working_hours"), R("territory")]),
            "no enabled" => new([R("owner", null), R("previous"), R("working_hours"), R("territory"), R("round_robin")]),
            "null item" => new([null, R("owner"), R("previous"), R("working_hours"), R("territory")]),
            "missing" => new([R("owner"), R("previous"), R("working_hours")]),
            _ => new RoutingApi.RulesRequest([R("owner"), R("previous"), R("working_hours"), R("territory"), R("round_robin"), R("owner")]),
        };

        var (errors, _) = RoutingApi.Validate(body);

        Assert.Contains(errors, e => e.Field == field && e.Reason.Contains(reason, StringComparison.Ordinal));
    }
}
