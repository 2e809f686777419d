namespace Nurture.Abstractions.Leads;

/// <summary>
/// The traits sales writes on a lead: the verdict and its reason (POST /api/leads/{id}/feedback), and the
/// newest call, meeting or note (POST /api/leads/{id}/activities). The verdict is the training label itself,
/// and what reps do follows it closely, so none of them is ever a predictive feature.
/// </summary>
public static class SalesTraits
{
    public const string Outcome = "sales_outcome";
    public const string Reason = "sales_reason";
    public const string LastActivity = "sales_last_activity";

    public static bool IsVerdict(string traitName) =>
        string.Equals(traitName, Outcome, StringComparison.OrdinalIgnoreCase) || string.Equals(traitName, Reason, StringComparison.OrdinalIgnoreCase)
        || string.Equals(traitName, LastActivity, StringComparison.OrdinalIgnoreCase);
}
