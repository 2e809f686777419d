using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nurture.Spreadsheets;

/// <summary>
/// OpenXML's escape for characters XML cannot carry: "_x0001_" stands for U+0001 (Excel writes a carriage
/// return inside a cell as "_x000D_"), and "_x005F_" for a literal underscore that would otherwise start one.
/// The Open XML SDK leaves these escapes to its callers, in both directions.
/// </summary>
internal static partial class ExcelText
{
    public static string Decode(string text) =>
        text.Contains("_x", StringComparison.Ordinal)
            ? Escape().Replace(text, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString())
            : text;

    public static string Encode(string text)
    {
        StringBuilder? encoded = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // A carriage return is escaped as Excel does: XML writers turn a bare one into a line feed.
            var keep = IsXmlChar(text, i) && c != '\r' && !StartsEscape(text, i);
            if (keep && encoded is null) continue;
            encoded ??= new StringBuilder(text, 0, i, text.Length + 16);
            if (keep) encoded.Append(c);
            else encoded.Append(CultureInfo.InvariantCulture, $"_x{(int)c:X4}_");
        }
        return encoded?.ToString() ?? text;
    }

    // XML 1.0 allows tab, newline, carriage return, and no other control character; surrogates only in pairs.
    private static bool IsXmlChar(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c)) return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        if (char.IsLowSurrogate(c)) return i > 0 && char.IsHighSurrogate(text[i - 1]);
        return c is '\t' or '\n' or '\r' || (c >= ' ' && c is not '\uFFFE' and not '\uFFFF');
    }

    // A literal "_x0041_" in a cell must be written with its underscore escaped, or Excel would read "A".
    private static bool StartsEscape(string text, int i) =>
        text[i] == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_'
        && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _);

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_")]
    private static partial Regex Escape();
}
