using Nurture.Spreadsheets;

namespace Nurture.Http;

/// <summary>
/// Every list the API offers as a file: CSV (UTF-8 with BOM, for Excel) or XLSX, through the one
/// formula-safe writer, spooled to a temporary file that is deleted when the response is sent.
/// </summary>
public static class SpreadsheetDownload
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary>Null when the format is one of ours (csv, xlsx, or none given: csv); otherwise the error.</summary>
    public static FieldError? CheckFormat(string? format) => format is null or "csv" or "xlsx" ? null : new("format", "must be csv or xlsx");

    public static IResult Create(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string? format, string fileName, string sheet)
    {
        var xlsx = format == "xlsx";
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        if (xlsx) SpreadsheetWriter.WriteXlsx(file, headers, rows, sheet);
        else SpreadsheetWriter.WriteCsv(file, headers, rows);
        file.Position = 0;
        return TypedResults.Stream(file, xlsx ? XlsxType : CsvType, $"{fileName}.{(xlsx ? "xlsx" : "csv")}");
    }
}
