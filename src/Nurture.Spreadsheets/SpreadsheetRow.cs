namespace Nurture.Spreadsheets;

/// <summary>One data row: its number as Excel shows it (the header is row 1), its cells, and what was wrong with it.</summary>
public sealed record SpreadsheetRow(int RowNumber, IReadOnlyList<string> Cells, IReadOnlyList<SpreadsheetError> Errors)
{
    /// <summary>
    /// How many cells the file gave this row before it was padded to the header: in CSV the fields of the line, in
    /// XLSX up to the last cell stored (Excel leaves empty cells out).
    /// </summary>
    public int Width { get; init; }

    /// <summary>The cell in this 0-based column, or "" outside the row.</summary>
    public string this[int column] => column >= 0 && column < Cells.Count ? Cells[column] : "";
}
