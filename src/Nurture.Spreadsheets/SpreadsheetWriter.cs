using CsvHelper;

namespace Nurture.Spreadsheets;

/// <summary>
/// Writes exports that Excel opens as they are: CSV in UTF-8 with a byte-order mark (without it Excel reads
/// Japanese as Shift_JIS and shows garbage), CRLF line ends and RFC 4180 quoting, through CsvHelper; or a minimal
/// XLSX through the Open XML SDK. Every cell goes through <see cref="FormulaInjection.Neutralise"/> (CsvHelper's
/// own injection guard knows fewer of the forms spreadsheets evaluate). Rows are written as they are enumerated,
/// so an export of any length never sits in memory.
/// </summary>
public static class SpreadsheetWriter
{
    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        NewLine = "\r\n",
        // Rows may be shorter or longer than the header (a report's free-text columns); RFC 4180 wants them equal.
        ValidateFieldCount = false,
    };

    /// <summary>Writes CSV to the stream and leaves it open.</summary>
    public static void WriteCsv(Stream output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        WriteCsvRecord(csv, headers);
        foreach (var row in rows) WriteCsvRecord(csv, row);
    }

    /// <summary>Writes an XLSX workbook with one sheet to the stream and leaves it open. Every cell is text.</summary>
    public static void WriteXlsx(Stream output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string sheetName = "Sheet1")
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        XlsxWriter.Write(output, sheetName, rows.Prepend(headers));
    }

    private static void WriteCsvRecord(CsvWriter csv, IReadOnlyList<string?> cells)
    {
        foreach (var cell in cells) csv.WriteField(FormulaInjection.Neutralise(cell));
        csv.EndRecord();
    }
}
