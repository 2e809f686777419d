namespace Nurture.Abstractions.Leads;

/// <summary>
/// Trait names only the server, sales or an authenticated user may set, never a website visitor:
/// identity (email: only identify's own email decides it), ownership and the sales verdict (it trains
/// the predictive model), consent (only through its documented calls), and what the server computes.
/// </summary>
public static class ReservedTraits
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "email", "emails", "owner", "owner_id", "rep", "rep_id", "assigned_to",
        SalesTraits.Outcome, SalesTraits.Reason, "consent",
        "stage", "grade", "engagement", "fit", "score", "scores", "prediction",
        "id", "lead_id", "visitor_id", "site_id", "merged_into", "created_at", "updated_at",
        "unsubscribed", "suppressed", "bounced",
    };

    /// <summary>Prefixes the server's own names use (interest_pricing, sales_stage, consent_source, nurture_…).</summary>
    private static readonly string[] Prefixes = ["sales_", "consent_", "score_", "interest_", "nurture_", "stage_"];

    public const string Reason = "is set by the server, sales or a signed-in user, never by a website";

    public static bool IsReserved(string name) =>
        Names.Contains(name) || Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
}
