using Nurture.Abstractions.Leads;
using Nurture.Handoff.Reps;
using Nurture.Handoff.Routing;
using Nurture.Http;

namespace Nurture.Handoff.Apis;

/// <summary>
/// The assignment rules as an ordered list (read by marketers too, changed by admins), the reps as routing sees
/// them now, and the dry run "who would get this lead?".
/// </summary>
public static class RoutingApi
{
    public sealed record RulesRequest(RuleRequest?[]? Rules);

    public sealed record RuleRequest(string? Kind, bool? Enabled);

    /// <param name="Rules">An order to try instead of the saved one (the console's unsaved edits); null: the saved order.</param>
    public sealed record TestRequest(string? LeadId, RuleRequest?[]? Rules = null);

    public sealed record RuleView(string Kind, bool Enabled, string Label, string Description);

    public sealed record RulesView(IReadOnlyList<RuleView> Rules, DateTimeOffset? UpdatedAt, string? UpdatedBy);

    /// <summary>The lead as the rules read it: who it is, its owner, and its place for territories.</summary>
    public sealed record TestedLead(Guid Id, string? Email, string? Name, string? Company, string? Owner, string? Country, string? Region, string? Industry, string? CompanySize);

    public sealed record ChosenRep(string Id, string Name);

    /// <param name="SavedOrder">False when the body gave an order of its own to try.</param>
    public sealed record TestResult(
        TestedLead Lead, ChosenRep? Rep, string Reason, string? DecidedBy, IReadOnlyList<RuleStep> Steps, IReadOnlyList<RepCheck> Reps, DateTimeOffset At,
        bool SavedOrder);

    public static RouteGroupBuilder MapRoutingApi(this RouteGroupBuilder api)
    {
        var routing = api.MapGroup("/routing").WithTags("Hand-off");
        routing.MapGet("/rules", async (RoutingRuleStore store, CancellationToken ct) => TypedResults.Ok(View(await store.GetAsync(ct))))
            .AllowRoles(Roles.Admin, Roles.Marketer);
        routing.MapPut("/rules", SaveRulesAsync).AllowRoles(Roles.Admin).ProducesProblems(StatusCodes.Status400BadRequest);
        routing.MapGet("/reps", async (RepAssigner assigner, TimeProvider time, CancellationToken ct) =>
            {
                var now = time.GetUtcNow();
                return TypedResults.Ok(new { reps = (await assigner.StandingsAsync(ct)).Select(s => RoutingEvaluator.Check(s, null, now)), at = now });
            })
            .AllowRoles(Roles.Admin, Roles.Marketer);
        routing.MapPost("/test", TestAsync).AllowRoles(Roles.Admin, Roles.Marketer).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> SaveRulesAsync(RulesRequest? body, HttpContext http, RoutingRuleStore store, CancellationToken ct)
    {
        var (errors, rules) = Validate(body);
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        return TypedResults.Ok(View(await store.SaveAsync(rules, ApiActor.Of(http), ct)));
    }

    /// <summary>Every rule once, in the order to try them, each on or off.</summary>
    internal static (List<FieldError> Errors, List<RoutingRule> Rules) Validate(RulesRequest? body)
    {
        List<FieldError> errors = [];
        var rules = new List<RoutingRule>();
        var kinds = string.Join(", ", RuleKinds.Defaults.Select(r => r.Kind));
        if (body?.Rules is not { } items)
        {
            errors.Add(new(body is null ? "$" : "$.rules", $"is required: every rule once ({kinds}), in the order to try them"));
            return (errors, rules);
        }
        if (items.Length > RuleKinds.Defaults.Count)
        {
            errors.Add(new("$.rules", $"has {items.Length} items; there are {RuleKinds.Defaults.Count} rules ({kinds})"));
            return (errors, rules);
        }
        for (var i = 0; i < items.Length; i++)
        {
            var path = $"$.rules[{i}]";
            if (items[i] is not { } item)
            {
                errors.Add(new(path, "must be an object with kind and enabled"));
                continue;
            }
            if (!RuleKinds.IsKnown(item.Kind)) errors.Add(new(path + ".kind", $"must be one of {kinds}"));
            else if (rules.Any(r => r.Kind == item.Kind)) errors.Add(new(path + ".kind", "is listed twice: each rule once"));
            if (item.Enabled is null) errors.Add(new(path + ".enabled", "is required: true or false"));
            if (RuleKinds.IsKnown(item.Kind) && item.Enabled is { } enabled && rules.All(r => r.Kind != item.Kind)) rules.Add(new(item.Kind!, enabled));
        }
        var missing = RuleKinds.Defaults.Select(r => r.Kind).Where(k => items.All(x => x?.Kind != k)).ToList();
        if (missing.Count > 0) errors.Add(new("$.rules", $"must list every rule once; missing: {string.Join(", ", missing)}"));
        return (errors, rules);
    }

    private static async Task<IResult> TestAsync(TestRequest? body, RepAssigner assigner, IGrainFactory grains, TimeProvider time, CancellationToken ct)
    {
        if (body is null) return ApiErrors.BadRequest("$", "must be a JSON object with leadId");
        List<FieldError> errors = [];
        if (!Guid.TryParse(body.LeadId, out var leadId)) errors.Add(new("$.leadId", "is required: a lead id (a UUID)"));
        List<RoutingRule>? order = null;
        if (body.Rules is not null)
        {
            (var problems, order) = Validate(new RulesRequest(body.Rules));
            errors.AddRange(problems);
        }
        if (errors.Count > 0) return ApiErrors.BadRequest(errors);
        if (await LeadResolver.ResolveAsync(grains, leadId) is not { Exists: true } lead) return ApiErrors.NotFound("The lead");
        var decision = await assigner.DecideAsync(lead, takenFrom: null, order, ct);
        var place = RepChooser.PlaceOf(lead);
        var tested = new TestedLead(lead.Id, lead.Emails.FirstOrDefault(), Trait(lead, "name"), Trait(lead, "company"), lead.Owner,
            place.Country, place.Region, place.Industry, place.Size);
        var rep = decision.Assignment.Rep is { } chosen ? new ChosenRep(chosen.Id, chosen.Name) : null;
        return TypedResults.Ok(new TestResult(tested, rep, decision.Assignment.Reason, decision.DecidedBy, decision.Steps, decision.Reps, time.GetUtcNow(), order is null));
    }

    private static RulesView View(StoredRules stored) =>
        new(stored.Rules.Select(r => new RuleView(r.Kind, r.Enabled, RuleKinds.Label(r.Kind), RuleKinds.Description(r.Kind))).ToList(),
            stored.UpdatedAt, stored.UpdatedBy);

    private static string? Trait(LeadState lead, string name) => lead.Traits.TryGetValue(name, out var v) ? v.Value : null;
}
