using System.IO.Compression;
using System.Text;

namespace Nurture.CustomerData.Files;

/// <summary>
/// Writes exports that Excel opens as they are: CSV in UTF-8 with a byte-order mark (without it Excel reads
/// Japanese as Shift_JIS and shows garbage), CRLF line ends and RFC 4180 quoting; or a minimal XLSX. Every
/// cell goes through <see cref="FormulaInjection.Neutralise"/>. Rows are written as they are enumerated, so an
/// export of any length never sits in memory as one string.
/// </summary>
public static class SpreadsheetWriter
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>Writes CSV to the stream and leaves it open.</summary>
    public static void WriteCsv(Stream output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = new StreamWriter(output, Utf8WithBom, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        WriteCsvLine(writer, headers);
        foreach (var row in rows) WriteCsvLine(writer, row);
    }

    /// <summary>Writes an XLSX workbook with one sheet to the stream and leaves it open. Every cell is text.</summary>
    public static void WriteXlsx(Stream output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string sheetName = "Sheet1")
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        XlsxPackage.Write(zip, sheetName, rows.Prepend(headers));
    }

    private static void WriteCsvLine(StreamWriter writer, IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) writer.Write(',');
            var cell = FormulaInjection.Neutralise(cells[i]);
            if (cell.AsSpan().IndexOfAny(",\"\r\n") < 0) writer.Write(cell);
            else
            {
                writer.Write('"');
                writer.Write(cell.Replace("\"", "\"\""));
                writer.Write('"');
            }
        }
        writer.WriteLine();
    }
}
