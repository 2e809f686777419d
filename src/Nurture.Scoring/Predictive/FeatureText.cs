using System.Globalization;
using System.Text;

namespace Nurture.Scoring.Predictive;

/// <summary>
/// How text becomes a feature: which values mean "missing", when text is a number, and how a
/// category is keyed. CSV training and live leads both go through here, so "Select" on a web form and
/// "Select" in a CRM export are the same missing value.
/// </summary>
public static class FeatureText
{
    /// <summary>Placeholders that forms, CRMs and spreadsheets write for "nothing chosen", compared as category keys.</summary>
    private static readonly HashSet<string> MissingPlaceholders = new(StringComparer.Ordinal)
    {
        "", "-", "--", "---", "—", "–", "?", ".", "select", "--select--", "-- select --", "please select", "select one",
        "n/a", "na", "#n/a", "nan", "null", "nil", "none", "(none)", "undefined", "(not set)", "not set", "(blank)", "blank",
        "未選択", "選択してください", "選択なし", "なし", "不明",
    };

    public static bool IsMissing(string? text) => text is null || MissingPlaceholders.Contains(CategoryKey(text));

    /// <summary>
    /// Trimmed, NFKC (so full-width "ＣＴＯ" and "CTO" agree, and decomposed Japanese kana equals the composed
    /// form) and lower case: "CTO", " cto " and "ＣＴＯ" are one category.
    /// </summary>
    public static string CategoryKey(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.IsNormalized(NormalizationForm.FormKC)) trimmed = trimmed.Normalize(NormalizationForm.FormKC).Trim();
        return trimmed.ToLowerInvariant();
    }

    /// <summary>A finite number in invariant culture ("1.5", "-3", "2e3", full-width digits), or null.</summary>
    public static double? ParseNumber(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = text.Trim();
        if (!s.IsNormalized(NormalizationForm.FormKC)) s = s.Normalize(NormalizationForm.FormKC);
        // NumberStyles.Float, not Any: "1,234" and "$5" stay text; NaN and infinities are not numbers here.
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
    }
}
