using System.Globalization;

namespace Nurture.Spreadsheets;

/// <summary>
/// Defence against CSV/formula injection (OWASP): a lead who types <c>=HYPERLINK("http://evil","x")</c> into a
/// form must not get a live formula into the spreadsheet a colleague opens. Spreadsheet apps skip leading
/// spaces, line breaks, zero-width and byte-order marks before they look for a formula, and some accept the
/// full-width (＝) and small (﹦) forms of the signs; so a cell whose first character after any whitespace,
/// format or control characters is = + - @ in any of those forms, or that starts with such a character at all
/// (a tab, a CR, a NUL), gets a leading single quote and is shown as text.
/// </summary>
public static class FormulaInjection
{
    public static string Neutralise(string? cell)
    {
        if (string.IsNullOrEmpty(cell)) return "";
        return NeedsQuote(cell) ? "'" + cell : cell;
    }

    private static bool NeedsQuote(string cell)
    {
        // A tab or CR first was quoted before spreadsheets were known to skip them; any control character first still is.
        if (char.IsControl(cell[0])) return true;
        foreach (var c in cell)
        {
            if (IsSkipped(c)) continue;
            return IsTrigger(c);
        }
        return false;
    }

    /// <summary>What a spreadsheet passes over before it decides a cell is a formula.</summary>
    private static bool IsSkipped(char c) =>
        char.IsWhiteSpace(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static bool IsTrigger(char c) => c is
        '=' or '+' or '-' or '@'
        or '＝' or '＋' or '－' or '＠'          // full-width forms
        or '﹦' or '﹢' or '﹣' or '﹫';          // small forms
}
