namespace Nurture.Spreadsheets;

/// <summary>One row as a format reader found it, blank or not, before the table picks the header and counts rows.</summary>
internal readonly record struct SourceRecord(int RowNumber, IReadOnlyList<string> Cells, IReadOnlyList<SpreadsheetError> Errors)
{
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}
