using Nurture.Abstractions.Leads;
using Nurture.Handoff.Reps;
using Nurture.Handoff.Routing;

namespace Nurture.Handoff.Tests.Routing;

/// <summary>The rules in their stored order: who gets a lead, which rule decided, and what each rule says about it.</summary>
public sealed class RoutingEvaluatorTests
{
    private static RepStanding S(Rep rep, int open = 0, DateTimeOffset? last = null) => new(rep, open, last);

    private static RoutingDecision Evaluate(LeadState lead, IReadOnlyList<RepStanding> reps, IReadOnlyList<RoutingRule>? rules = null, string? takenFrom = null, string? previous = null) =>
        RoutingEvaluator.Evaluate(rules ?? RuleKinds.Defaults, new RoutingInput(lead, takenFrom, previous, reps, Leads.Now));

    private static List<RoutingRule> Order(params string[] kinds) => [.. kinds.Select(k => new RoutingRule(k, true))];

    [Fact]
    public void Territory_RepWhoseEveryListHoldsTheLead_GetsIt_AnyCase()
    {
        var lead = Leads.With(("country", "jp"), ("industry", "Manufacturing"), ("employees", "1,200"));
        var japanRetail = Leads.Rep("jp-retail", countries: ["JP"], industries: ["retail"]);
        var japanBig = Leads.Rep("jp-big", countries: ["JP"], industries: ["manufacturing"], sizes: ["1000+"]);

        var decision = Evaluate(lead, [S(Leads.Rep("general")), S(japanRetail), S(japanBig)]);

        Assert.Equal(new Assignment(japanBig, RepChooser.TerritoryReason), decision.Assignment);
        Assert.Equal(RuleKinds.Territory, decision.DecidedBy);
        var territory = decision.Steps.Single(s => s.Kind == RuleKinds.Territory);
        Assert.Equal((RoutingEvaluator.Chose, "jp-big"), (territory.Outcome, territory.RepId));
        Assert.Contains("country jp, industry Manufacturing, company size 1000+", territory.Detail);
        Assert.Equal(RoutingEvaluator.Skipped, decision.Steps.Single(s => s.Kind == RuleKinds.RoundRobin).Outcome);
    }

    [Fact]
    public void RoundRobin_IsTheLeastRecentlyAssignedGeneralist_NeverATerritoryRep()
    {
        var lead = Leads.With(("country", "DE"));
        var decision = Evaluate(lead,
            [S(Leads.Rep("jp", countries: ["JP"])), S(Leads.Rep("busy"), last: Leads.Now.AddMinutes(-1)), S(Leads.Rep("idle"), last: Leads.Now.AddDays(-1)), S(Leads.Rep("new"))]);

        Assert.Equal(("new", RepChooser.RoundRobinReason), (decision.Assignment.Rep?.Id, decision.Assignment.Reason));
        Assert.Contains("No available rep covers the lead's country DE.", decision.Steps.Single(s => s.Kind == RuleKinds.Territory).Detail);
        Assert.Contains("never given a lead yet", decision.Steps.Single(s => s.Kind == RuleKinds.RoundRobin).Detail);
        Assert.Equal("idle", Evaluate(lead, [S(Leads.Rep("busy"), last: Leads.Now.AddMinutes(-1)), S(Leads.Rep("idle"), last: Leads.Now.AddDays(-1))]).Assignment.Rep?.Id);
    }

    [Fact]
    public void NoRuleChooses_TheFallbackQueue()
    {
        var decision = Evaluate(Leads.With(), [S(Leads.Rep("jp", countries: ["JP"]))]);

        Assert.Equal(new Assignment(null, RepChooser.FallbackReason), decision.Assignment);
        Assert.Null(decision.DecidedBy);
        Assert.All(decision.Steps, s => Assert.NotEqual(RoutingEvaluator.Chose, s.Outcome));
        Assert.Contains("Every available rep has a territory", decision.Steps.Single(s => s.Kind == RuleKinds.RoundRobin).Detail);
    }

    [Fact]
    public void RoundRobinBeforeTerritory_GivesTheLeadToAGeneralist()
    {
        var lead = Leads.With(("country", "JP"));
        var reps = new[] { S(Leads.Rep("jp", countries: ["JP"])), S(Leads.Rep("general")) };

        Assert.Equal("jp", Evaluate(lead, reps).Assignment.Rep?.Id);
        var reordered = Evaluate(lead, reps, Order(RuleKinds.Owner, RuleKinds.Previous, RuleKinds.WorkingHours, RuleKinds.RoundRobin, RuleKinds.Territory));
        Assert.Equal(("general", RuleKinds.RoundRobin), (reordered.Assignment.Rep?.Id, reordered.DecidedBy));
    }

    [Fact]
    public void TerritoryOff_TerritoryRepsJoinTheRoundRobin()
    {
        var rules = RuleKinds.Defaults.Select(r => r.Kind == RuleKinds.Territory ? r with { Enabled = false } : r).ToList();

        var decision = Evaluate(Leads.With(("country", "DE")), [S(Leads.Rep("jp", countries: ["JP"]))], rules);

        Assert.Equal(("jp", RepChooser.RoundRobinReason), (decision.Assignment.Rep?.Id, decision.Assignment.Reason));
        Assert.Equal((RoutingEvaluator.Off, "Turned off."), decision.Steps.Where(s => s.Kind == RuleKinds.Territory).Select(s => (s.Outcome, s.Detail)).Single());
    }

    [Fact]
    public void Owner_WinsWhateverTheirLoad_UnlessInactiveOutOfOfficeOrTakenFrom()
    {
        var lead = Leads.With(("country", "DE"));
        lead.Owner = "nadia";
        var nadia = Leads.Rep("nadia", countries: ["JP"]);
        var general = S(Leads.Rep("general"));

        var full = Evaluate(lead, [S(nadia, open: 10), general]);
        Assert.Equal(("nadia", RepChooser.OwnerReason, RuleKinds.Owner), (full.Assignment.Rep?.Id, full.Assignment.Reason, full.DecidedBy));

        var away = Evaluate(lead, [S(nadia with { AwayFrom = new(2026, 12, 1), AwayUntil = new(2026, 12, 9) }), general]);
        Assert.Equal("general", away.Assignment.Rep?.Id);
        Assert.Equal("The owner Rep nadia is out of office until 2026-12-09.", away.Steps[0].Detail);
        Assert.Contains(away.Reps, r => r.RepId == "nadia" && !r.Available && r.OutOfOffice && r.Status == "Out of office until 2026-12-09.");

        Assert.Equal("The owner Rep nadia is inactive.", Evaluate(lead, [S(nadia with { Active = false }), general]).Steps[0].Detail);
        var taken = Evaluate(lead, [S(nadia), general], takenFrom: "nadia");
        Assert.Equal(("general", "The owner Rep nadia had the lead and did not answer in time."), (taken.Assignment.Rep?.Id, taken.Steps[0].Detail));
        Assert.Equal("The owner 'ghost' is not a rep.", Evaluate(Owned("ghost"), [general]).Steps[0].Detail);
    }

    [Fact]
    public void Previous_GetsItAgain_UnlessTakenFromThem_AndOwnerOffLetsItDecide()
    {
        var lead = Owned("owner");
        var reps = new[] { S(Leads.Rep("owner")), S(Leads.Rep("before")), S(Leads.Rep("general")) };
        var ownerOff = RuleKinds.Defaults.Select(r => r.Kind == RuleKinds.Owner ? r with { Enabled = false } : r).ToList();

        Assert.Equal("owner", Evaluate(lead, reps, previous: "before").Assignment.Rep?.Id);
        var decision = Evaluate(lead, reps, ownerOff, previous: "before");
        Assert.Equal(("before", RepChooser.PreviousReason), (decision.Assignment.Rep?.Id, decision.Assignment.Reason));
        Assert.Equal("general", Evaluate(lead, reps, ownerOff, takenFrom: "before", previous: "before").Assignment.Rep?.Id);
        Assert.Equal("The lead was never assigned to a rep before.", Evaluate(lead, reps, ownerOff).Steps[1].Detail);
    }

    [Fact]
    public void Capacity_AndTakenFrom_AndInactive_LeaveARepOutOfThePool()
    {
        var lead = Leads.With();
        var decision = Evaluate(lead, [S(Leads.Rep("full"), open: 10), S(Leads.Rep("off", active: false)), S(Leads.Rep("taken")), S(Leads.Rep("free"), open: 3)], takenFrom: "taken");

        Assert.Equal("free", decision.Assignment.Rep?.Id);
        Assert.Equal(
            ["At capacity: 10 of 10 open hot leads.", "Inactive.", "Had this lead and did not answer in time.", "Available: 3 of 10 open hot leads."],
            decision.Reps.Select(r => r.Status));
    }

    [Fact]
    public void WorkingHours_NarrowsToRepsAtWork_ButKeepsEveryoneWhenNobodyIs()
    {
        // At Leads.Now it is Monday 18:30 in Tokyo and 09:30 in London.
        var tokyo = Leads.TokyoOfficeRep("tokyo");
        var london = Leads.TokyoOfficeRep("london") with { TimeZone = "Europe/London" };

        var narrowed = Evaluate(Leads.With(), [S(tokyo), S(london, last: Leads.Now)]);
        Assert.Equal("london", narrowed.Assignment.Rep?.Id);
        var hours = narrowed.Steps.Single(s => s.Kind == RuleKinds.WorkingHours);
        Assert.Equal(RoutingEvaluator.Narrowed, hours.Outcome);
        Assert.Equal("1 available rep is within working hours now; left out until their hours begin: Rep tokyo (from Tue 09:00).", hours.Detail);
        Assert.Contains(narrowed.Reps, r => r.RepId == "tokyo" && r.Available && !r.AtWork && r.NextWorkStart == "Tue 09:00"
            && r.Status == "Available: 0 of 10 open hot leads; outside working hours (next: Tue 09:00 Asia/Tokyo).");

        var nobody = Evaluate(Leads.With(), [S(tokyo)]);
        Assert.Equal("tokyo", nobody.Assignment.Rep?.Id);
        Assert.Equal(RoutingEvaluator.Kept, nobody.Steps.Single(s => s.Kind == RuleKinds.WorkingHours).Outcome);

        // Below the round-robin, the rule comes too late to matter.
        var late = Evaluate(Leads.With(), [S(tokyo), S(london, last: Leads.Now)],
            Order(RuleKinds.Owner, RuleKinds.Previous, RuleKinds.Territory, RuleKinds.RoundRobin, RuleKinds.WorkingHours));
        Assert.Equal("tokyo", late.Assignment.Rep?.Id);
    }

    [Fact]
    public void WorkingHours_RepsWithoutHoursAreAlwaysAtWork()
    {
        var decision = Evaluate(Leads.With(), [S(Leads.TokyoOfficeRep("tokyo")), S(Leads.Rep("anytime"), last: Leads.Now)]);

        Assert.Equal("anytime", decision.Assignment.Rep?.Id);
    }

    private static LeadState Owned(string owner)
    {
        var lead = Leads.With();
        lead.Owner = owner;
        return lead;
    }
}
