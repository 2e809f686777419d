namespace Nurture.Http;

/// <summary>
/// The three roles. Admin may do everything; marketer runs the marketing side (models, flows,
/// templates, reading leads); sales sees the leads assigned to their rep and gives feedback.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Marketer = "marketer";
    public const string Sales = "sales";

    public static readonly IReadOnlyList<string> All = [Admin, Marketer, Sales];

    public static bool IsKnown(string? role) => role is Admin or Marketer or Sales;

    /// <summary>For "a key may not have more power than whoever makes it": admin > marketer > sales.</summary>
    public static int Rank(string role) => role switch
    {
        Admin => 3,
        Marketer => 2,
        Sales => 1,
        _ => 0,
    };
}
