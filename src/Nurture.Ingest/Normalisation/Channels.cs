namespace Nurture.Ingest.Normalisation;

/// <summary>
/// The acquisition channels a visit is attributed to. Stored as these exact strings, so they
/// must never be renamed; see CHANNELS.md for the rules that pick one.
/// </summary>
public static class Channels
{
    public const string Direct = "direct";
    public const string OrganicSearch = "organic_search";
    public const string PaidSearch = "paid_search";
    public const string Social = "social";
    public const string Email = "email";
    public const string Referral = "referral";
    public const string Display = "display";
    public const string Affiliate = "affiliate";
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } =
        [Direct, OrganicSearch, PaidSearch, Social, Email, Referral, Display, Affiliate, Other];
}
