using System.Text;

namespace Nurture.Scoring.Predictive.Csv;

/// <summary>
/// An RFC 4180 reader: fields separated by one delimiter, records by CRLF, LF or CR; a field that starts
/// with a double quote may hold delimiters, line breaks and doubled quotes. Lenient where spreadsheets are
/// sloppy (text after a closing quote is kept, a quote inside an unquoted field is literal); strict
/// where data would be lost (a quote never closed is an error naming its line).
/// </summary>
internal static class CsvParser
{
    private const char Quote = '"';

    /// <summary>The delimiter the header line uses most, outside quotes: comma, semicolon (European Excel) or tab.</summary>
    public static char SniffDelimiter(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == Quote) quoted = !quoted;
            else if (quoted) continue;
            else if (c is '\r' or '\n') break;
            else if (c == ',') commas++;
            else if (c == ';') semicolons++;
            else if (c == '\t') tabs++;
        }
        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    public static IEnumerable<CsvRecord> Read(string text, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool inQuotes = false, fieldQuoted = false, anyQuoted = false;
        int line = 1, recordLine = 1, quoteLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == Quote)
                {
                    if (i + 1 < text.Length && text[i + 1] == Quote)
                    {
                        field.Append(Quote);
                        i++;
                    }
                    else inQuotes = false;
                    continue;
                }
                if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) line++;
                field.Append(c);
                continue;
            }

            if (c == Quote && field.Length == 0 && !fieldQuoted)
            {
                inQuotes = fieldQuoted = anyQuoted = true;
                quoteLine = line;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldQuoted = false;
            }
            else if (c is '\r' or '\n')
            {
                fields.Add(field.ToString());
                yield return new CsvRecord(recordLine, fields, anyQuoted);
                fields = [];
                field.Clear();
                fieldQuoted = anyQuoted = false;
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                recordLine = ++line;
            }
            else field.Append(c);
        }

        if (inQuotes) throw new TrainingDataException("file", $"a quoted field that starts on line {quoteLine} is never closed (a missing \")");
        if (fields.Count > 0 || field.Length > 0 || fieldQuoted)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields, anyQuoted);
        }
    }
}
