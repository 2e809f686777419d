namespace Nurture.Spreadsheets;

/// <summary>A problem found while reading a file, placed where the user will look for it in Excel.</summary>
/// <param name="RowNumber">1-based, the header being row 1; null for the file as a whole.</param>
/// <param name="Column">1-based; null for the whole row.</param>
public sealed record SpreadsheetError(int? RowNumber, int? Column, string Message)
{
    public override string ToString() => (RowNumber, Column) switch
    {
        (null, _) => Message,
        ({ } row, null) => $"row {row}: {Message}",
        ({ } row, { } column) => $"row {row}, column {ExcelColumn.ToLetters(column - 1)}: {Message}",
    };
}
