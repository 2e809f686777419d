using System.Text;

namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// The first step for every text cell from a spreadsheet: one Unicode form (NFKC, so "ＡＢＣ１２３" is "ABC123"
/// and "ｶﾀｶﾅ" is "カタカナ"), one space wherever any run of white space stood (U+3000 included), and no
/// control or invisible characters that would make equal-looking values differ.
/// </summary>
public static class TextCleaner
{
    /// <summary>The cleaned text, or null when nothing visible is left.</summary>
    public static string? Clean(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var text = Nfkc(raw);
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) { pendingSpace = builder.Length > 0; continue; }
            if (IsInvisible(c)) continue;
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>
    /// NFKC that cannot throw: <see cref="string.Normalize(NormalizationForm)"/> refuses lone surrogates
    /// (pasted half emoji), so those become U+FFFD first.
    /// </summary>
    internal static string Nfkc(string text) => ReplaceLoneSurrogates(text).Normalize(NormalizationForm.FormKC);

    private static string ReplaceLoneSurrogates(string text)
    {
        char[]? copy = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (!char.IsSurrogate(c)) continue;
            copy ??= text.ToCharArray();
            copy[i] = '\uFFFD';
        }
        return copy is null ? text : new string(copy);
    }

    // Control characters, and the zero-width and direction-changing characters that copy-paste from web
    // pages and PDFs leaves behind: invisible, yet they make "ACME" and "ACME\u200B" two companies.
    // Zero-width joiners stay: emoji sequences and some scripts need them.
    private static bool IsInvisible(char c) =>
        char.IsControl(c)
        || c is '\u200B' or '\uFEFF' or '\u2060' or '\u00AD'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';
}
