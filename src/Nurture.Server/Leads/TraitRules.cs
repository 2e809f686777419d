using System.Text.RegularExpressions;
using Nurture.Abstractions.Leads;

namespace Nurture.Server.Leads;

/// <summary>What a trait set from outside (API, import) may be: the same limits for every door.</summary>
public static partial class TraitRules
{
    public const int MaxValue = 1024;
    public const int MaxTraits = 100;

    /// <summary>Why the trait is refused, or null when it is fine. An empty value clears the trait.</summary>
    public static string? Check(string name, string value)
    {
        if (!NamePattern().IsMatch(name)) return "trait names are 1-64 lower-case letters, digits or _ and start with a letter";
        if (value.Length > MaxValue) return $"is longer than {MaxValue} characters";
        if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\t')) return "contains control characters";
        if (name == "email" && value.Length > 0 && EmailAddress.Normalise(value) is null) return "is not a valid email address";
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex NamePattern();
}
