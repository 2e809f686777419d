namespace Nurture.Abstractions.Leads;

/// <summary>The one place that decides what an acceptable email is and how it is keyed.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>Trimmed and lower-cased, or null when it is not a plausible address.</summary>
    public static string? Normalise(string? raw)
    {
        if (raw is null) return null;
        var email = raw.Trim();
        if (email.Length is 0 or > MaxLength) return null;
        var at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1) return null;
        var domain = email.AsSpan(at + 1);
        if (domain.IndexOf('.') <= 0 || domain[^1] == '.' || domain.Contains("..", StringComparison.Ordinal)) return null;
        foreach (var c in email)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '\\') return null;
        }
        return email.ToLowerInvariant();
    }
}
