using Nurture.Abstractions.Leads;

namespace Nurture.Handoff.Reps;

/// <summary>
/// What the assignment rules share: the reasons an assignment records, the lead's owner, and territories
/// (traits `country`, `industry`, `region`, `employees`/`company_size` in the rep's lists). The rules
/// themselves, in their stored order, are <see cref="Routing.RoutingEvaluator"/>'s.
/// </summary>
public static class RepChooser
{
    public const string OwnerReason = "existing owner";
    public const string PreviousReason = "previous assignment";
    public const string TerritoryReason = "territory";
    public const string RoundRobinReason = "round-robin";
    public const string FallbackReason = "no rep available";
    public const string ReassignedReason = "reassigned: not answered in time";

    /// <summary>
    /// The lead's owner, unless it is the rep it was taken from. One owner per lead: an owner given as a trait
    /// (an import, a flow) is the lead's owner already, and a website visitor can never give one.
    /// </summary>
    public static string? OwnerId(LeadState lead, string? takenFrom) => lead.Owner is { Length: > 0 } owner && owner != takenFrom ? owner.Trim() : null;

    /// <summary>Where a lead is, for territories: country, industry, region, company size band.</summary>
    public sealed record LeadPlace(string? Country, string? Industry, string? Region, string? Size);

    public static LeadPlace PlaceOf(LeadState lead) => new(Trait(lead, "country"), Trait(lead, "industry"), Trait(lead, "region"),
        CompanySize.Band(Trait(lead, "company_size") ?? Trait(lead, "employees")));

    public static bool HasTerritory(Rep rep) =>
        rep.Countries.Count > 0 || rep.Industries.Count > 0 || rep.Regions is { Count: > 0 } || rep.CompanySizes is { Count: > 0 };

    /// <summary>A rep covers a lead when every list they have contains the lead's value (and they have at least one).</summary>
    public static bool Covers(Rep rep, LeadPlace lead) =>
        HasTerritory(rep)
        && In(rep.Countries, lead.Country) && In(rep.Industries, lead.Industry)
        && In(rep.Regions ?? [], lead.Region) && In(rep.CompanySizes ?? [], lead.Size);

    private static bool In(IReadOnlyList<string> list, string? value) =>
        list.Count == 0 || (value is not null && list.Contains(value, StringComparer.OrdinalIgnoreCase));

    private static string? Trait(LeadState lead, string name) =>
        lead.Traits.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.Value) ? value.Value.Trim() : null;
}
