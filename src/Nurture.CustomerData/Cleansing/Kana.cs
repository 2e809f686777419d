using System.Text;

namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// Kana conversions used to compare names written in different scripts: "タナカ タロウ", "たなか たろう" and
/// "Tanaka Taro". Romaji follows Hepburn as Japanese passports write it: ん is always "n", っ doubles the next
/// consonant ("tch" before "ch"), and no macrons, so the long mark ー is dropped ("ユーキ" → "yuki"). Vowels
/// are written as the kana spell them (たろう → "tarou"): kana cannot tell the long o of たろう from the two
/// vowels of いのうえ, so folding "ou" is left to <see cref="PersonNameKey"/>, which compares both sides alike.
/// Characters that are not kana pass through unchanged.
/// </summary>
public static class Kana
{
    private const char SmallTsu = 'っ';
    private const char LongMark = 'ー';
    private const int KatakanaToHiraganaOffset = 'ア' - 'あ';

    /// <summary>Katakana (full- or half-width) as hiragana; everything else as it was after NFKC.</summary>
    public static string ToHiragana(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalised = TextCleaner.Nfkc(text);
        var builder = new StringBuilder(normalised.Length);
        foreach (var c in normalised) builder.Append(ToHiragana(c));
        return builder.ToString();
    }

    /// <summary>Hiragana and katakana as Hepburn romaji in lower case; everything else as it was after NFKC.</summary>
    public static string ToRomaji(string text)
    {
        var hiragana = ToHiragana(text);
        var builder = new StringBuilder(hiragana.Length * 2);
        var doubleNext = false;
        for (var i = 0; i < hiragana.Length; i++)
        {
            var c = hiragana[i];
            if (c == SmallTsu) { doubleNext = true; continue; }
            if (c == LongMark) continue;
            // Two-kana sounds first (きゃ, ちゅ, ふぁ), then single kana.
            var syllable = i + 1 < hiragana.Length && Digraphs.TryGetValue(hiragana.Substring(i, 2), out var pair) ? pair : null;
            if (syllable is not null) i++;
            else if (Monographs.TryGetValue(c, out var single)) syllable = single;
            else { doubleNext = false; builder.Append(c); continue; }

            if (doubleNext && syllable.Length > 1 && !IsVowel(syllable[0]))
                builder.Append(syllable.StartsWith("ch", StringComparison.Ordinal) ? 't' : syllable[0]);
            doubleNext = false;
            builder.Append(syllable);
        }
        return builder.ToString();
    }

    internal static bool ContainsKana(string text) => text.Any(c => IsHiragana(c) || IsKatakana(c));

    private static char ToHiragana(char c) =>
        c is >= 'ァ' and <= 'ヶ' or 'ヽ' or 'ヾ' ? (char)(c - KatakanaToHiraganaOffset) : c;

    private static bool IsHiragana(char c) => c is >= 'ぁ' and <= 'ゖ';

    private static bool IsKatakana(char c) => c is >= 'ァ' and <= 'ヺ' or LongMark;

    private static bool IsVowel(char c) => c is 'a' or 'i' or 'u' or 'e' or 'o';

    private static readonly Dictionary<char, string> Monographs = Table(
        "あa いi うu えe おo かka きki くku けke こko さsa しshi すsu せse そso たta ちchi つtsu てte とto " +
        "なna にni ぬnu ねne のno はha ひhi ふfu へhe ほho まma みmi むmu めme もmo やya ゆyu よyo " +
        "らra りri るru れre ろro わwa ゐi ゑe をo んn がga ぎgi ぐgu げge ごgo ざza じji ずzu ぜze ぞzo " +
        "だda ぢji づzu でde どdo ばba びbi ぶbu べbe ぼbo ぱpa ぴpi ぷpu ぺpe ぽpo ゔvu " +
        "ぁa ぃi ぅu ぇe ぉo ゃya ゅyu ょyo ゎwa ゕka ゖke")
        .ToDictionary(p => p.Key[0], p => p.Value);

    private static readonly Dictionary<string, string> Digraphs = Table(
        "きゃkya きゅkyu きょkyo しゃsha しゅshu しょsho ちゃcha ちゅchu ちょcho にゃnya にゅnyu にょnyo " +
        "ひゃhya ひゅhyu ひょhyo みゃmya みゅmyu みょmyo りゃrya りゅryu りょryo ぎゃgya ぎゅgyu ぎょgyo " +
        "じゃja じゅju じょjo ぢゃja ぢゅju ぢょjo びゃbya びゅbyu びょbyo ぴゃpya ぴゅpyu ぴょpyo " +
        // Sounds katakana spells for foreign names: ファ, ティ, ウィ, ヴァ, シェ, ジェ, チェ, トゥ.
        "ふぁfa ふぃfi ふぇfe ふぉfo てぃti でぃdi とぅtu どぅdu うぃwi うぇwe うぉwo " +
        "ゔぁva ゔぃvi ゔぇve ゔぉvo しぇshe じぇje ちぇche いぇye");

    // "あa いi" → {あ: a, い: i}: kana first, romaji after, one pair a word.
    private static Dictionary<string, string> Table(string pairs) =>
        pairs.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToDictionary(
            p => new string(p.TakeWhile(c => !char.IsAsciiLetterLower(c)).ToArray()),
            p => new string(p.SkipWhile(c => !char.IsAsciiLetterLower(c)).ToArray()));
}
