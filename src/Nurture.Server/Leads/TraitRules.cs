using Nurture.Abstractions.Leads;

namespace Nurture.Server.Leads;

/// <summary>What a trait set from outside (API, import) may be: the same limits for every door.</summary>
public static class TraitRules
{
    public const int MaxValue = 1024;
    public const int MaxTraits = 100;

    /// <summary>
    /// Why a value a caller sent as text is refused, or null: checked as sent, never trimmed first. Empty or
    /// only spaces would read as "clear the trait"; the caller says that with null.
    /// </summary>
    public static string? CheckSent(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? "must not be empty or only spaces (send null to clear the trait)"
        : Nurture.Abstractions.UnicodeText.HasLoneSurrogate(value) ? "contains invalid Unicode (a lone surrogate)"
        : Check(name, value);

    /// <summary>Why the trait is refused, or null when it is fine. An empty value clears the trait.</summary>
    public static string? Check(string name, string value)
    {
        if (!TraitNames.IsValid(name)) return TraitNames.Rule;
        if (value.Length > MaxValue) return $"is longer than {MaxValue} characters";
        if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\t')) return "contains control characters";
        if (name == "email" && value.Length > 0 && EmailAddress.Normalise(value) is null) return "is not a valid email address";
        return null;
    }
}
