namespace Nurture.Abstractions.Leads;

/// <summary>
/// The traits sales feedback writes on a lead (POST /api/leads/{id}/feedback): the verdict and its
/// reason. They are the training label itself, so they are never a predictive feature.
/// </summary>
public static class SalesTraits
{
    public const string Outcome = "sales_outcome";
    public const string Reason = "sales_reason";

    public static bool IsVerdict(string traitName) =>
        string.Equals(traitName, Outcome, StringComparison.OrdinalIgnoreCase) || string.Equals(traitName, Reason, StringComparison.OrdinalIgnoreCase);
}
