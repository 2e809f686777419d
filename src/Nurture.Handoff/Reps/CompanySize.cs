using System.Globalization;

namespace Nurture.Handoff.Reps;

/// <summary>Company size bands for territories: a lead's `employees` count (or a `company_size` band) falls in one.</summary>
public static class CompanySize
{
    public static readonly string[] Bands = ["1-49", "50-249", "250-999", "1000+"];

    /// <summary>The band of a head count or of a band already written as one; null when neither.</summary>
    public static string? Band(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (Bands.Contains(text)) return text;
        if (!int.TryParse(text.Replace(",", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var employees) || employees < 1) return null;
        return employees switch { < 50 => "1-49", < 250 => "50-249", < 1000 => "250-999", _ => "1000+" };
    }
}
