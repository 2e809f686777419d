namespace Nurture.CustomerData.Files;

/// <summary>
/// Defence against CSV/formula injection (OWASP): a lead who types <c>=HYPERLINK("http://evil","x")</c> into a
/// form must not get a live formula into the spreadsheet a colleague opens. A cell starting with = + - @,
/// a tab or a carriage return (or the full-width ＝ ＋ － ＠ that some spreadsheet apps also accept) gets a
/// leading single quote, so spreadsheets show it as text.
/// </summary>
public static class FormulaInjection
{
    public static string Neutralise(string? cell)
    {
        if (string.IsNullOrEmpty(cell)) return "";
        return cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠' ? "'" + cell : cell;
    }
}
