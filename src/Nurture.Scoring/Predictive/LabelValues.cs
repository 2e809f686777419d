namespace Nurture.Scoring.Predictive;

/// <summary>Reads an outcome cell: the ways CRMs and spreadsheets write "converted" and "did not".</summary>
public static class LabelValues
{
    private static readonly HashSet<string> Positive = new(StringComparer.Ordinal)
    {
        "1", "true", "t", "yes", "y", "won", "win", "converted", "positive", "はい", "成約", "受注",
    };

    private static readonly HashSet<string> Negative = new(StringComparer.Ordinal)
    {
        "0", "false", "f", "no", "n", "lost", "lose", "not converted", "negative", "いいえ", "失注",
    };

    public const string Accepted = "1/0, true/false, yes/no or won/lost";

    /// <summary>True or false, or null when the cell is none of the <see cref="Accepted"/> forms (the row is skipped).</summary>
    public static bool? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var key = FeatureText.CategoryKey(text);
        if (Positive.Contains(key)) return true;
        if (Negative.Contains(key)) return false;
        return FeatureText.ParseNumber(key) switch
        {
            1 => true,
            0 => false,
            _ => null,
        };
    }
}
