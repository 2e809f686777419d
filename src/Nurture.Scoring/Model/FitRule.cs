using System.Globalization;

namespace Nurture.Scoring.Model;

/// <summary>
/// One fit rule: a test on a trait (or on the email's domain) and the points it gives when it holds.
/// Exactly one test is set; the parser makes sure of it.
/// </summary>
public sealed class FitRule
{
    public required string Id { get; init; }
    public required double Points { get; init; }
    public string? Trait { get; init; }
    public string? EqualsValue { get; init; }
    public string? Contains { get; init; }
    public IReadOnlyList<string>? In { get; init; }
    public double? AtLeast { get; init; }
    public double? Below { get; init; }
    /// <summary>"free" (webmail such as gmail.com) or "corporate" (anything else).</summary>
    public string? EmailDomain { get; init; }

    public bool Holds(IReadOnlyDictionary<string, string> traits, IReadOnlyList<string> emails)
    {
        if (EmailDomain is not null)
        {
            if (emails.Count == 0) return false;
            var free = emails.All(FreeEmailDomains.IsFree);
            return EmailDomain == "free" ? free : !free;
        }
        if (Trait is null || !traits.TryGetValue(Trait, out var value)) return false;
        if (EqualsValue is not null) return string.Equals(value.Trim(), EqualsValue, StringComparison.OrdinalIgnoreCase);
        if (Contains is not null) return value.Contains(Contains, StringComparison.OrdinalIgnoreCase);
        if (In is not null) return In.Any(v => string.Equals(value.Trim(), v, StringComparison.OrdinalIgnoreCase));
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return false;
        return (AtLeast is null || number >= AtLeast) && (Below is null || number < Below);
    }
}
