using System.Globalization;
using System.Text;

namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// Keys for matching person names, not for display. Kana becomes romaji, so "タナカ タロウ", "たなか たろう",
/// "Tanaka Tarou" and "Taro Tanaka" share one key; case, width, accents, honorifics (様, Mr.) and spaces do
/// not count; romaji long vowels are folded (ou, oo, oh, uu → o, u) because Taro, Tarou, Tarō and Taroh are
/// one name; and "mb", "mp", "mm" read as "nb", "np", "nm" (passports write Homma, ledgers Honma).
/// Kanji are kept as they are: their readings cannot be known from the characters alone.
/// </summary>
public static class PersonNameKey
{
    private static readonly char[] Separators = [' ', ',', '.', '・', '=', '/'];
    private static readonly string[] Honorifics = ["様", "さま", "殿", "さん"];
    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal) { "mr", "mrs", "ms", "miss", "dr", "prof" };

    /// <summary>The order-insensitive key: the name's words sorted and joined, or null when no name is left.</summary>
    public static string? For(string? name)
    {
        var words = Words(name);
        return words.Count == 0 ? null : string.Concat(words.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The key, then the words in written and in reverse order, without duplicates. A name typed without a
    /// space ("タナカタロウ") is one word, so it can only match another name's words in one of their orders.
    /// </summary>
    public static IReadOnlyList<string> Variants(string? name)
    {
        var words = Words(name);
        if (words.Count == 0) return [];
        return new[] { string.Concat(words.Order(StringComparer.Ordinal)), string.Concat(words), string.Concat(Enumerable.Reverse(words)) }
            .Distinct().ToList();
    }

    private static List<string> Words(string? name)
    {
        var text = TextCleaner.Clean(name);
        if (text is null) return [];
        foreach (var honorific in Honorifics)
            if (text.EndsWith(honorific, StringComparison.Ordinal)) text = text[..^honorific.Length];
        if (Kana.ContainsKana(text)) text = Kana.ToRomaji(text);
        text = WithoutAccents(text.ToLowerInvariant());

        var words = new List<string>();
        foreach (var part in text.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = new string(part.Where(char.IsLetterOrDigit).ToArray());
            if (word.Length == 0 || Titles.Contains(word)) continue;
            words.Add(word.All(char.IsAsciiLetterLower) ? FoldRomaji(word) : word);
        }
        return words;
    }

    private static string FoldRomaji(string word)
    {
        var folded = new StringBuilder(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            var next = i + 1 < word.Length ? word[i + 1] : '\0';
            var afterNext = i + 2 < word.Length ? word[i + 2] : '\0';
            if ((c == 'o' && next is 'u' or 'o') || (c == 'u' && next == 'u')) i++;
            // "Satoh", "Ohno": an h after o before a consonant or the end only lengthens the o.
            else if (c == 'o' && next == 'h' && !IsVowel(afterNext)) i++;
            else if (c == 'm' && next is 'b' or 'p' or 'm') c = 'n';
            folded.Append(c);
        }
        return folded.ToString();
    }

    private static bool IsVowel(char c) => c is 'a' or 'i' or 'u' or 'e' or 'o' or 'y';

    private static string WithoutAccents(string text)
    {
        if (text.All(char.IsAscii)) return text;
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark);
        return string.Concat(kept).Normalize(NormalizationForm.FormC);
    }
}
