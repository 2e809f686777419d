namespace Nurture.Spreadsheets;

/// <summary>
/// Raised inside the format readers when the rest of a file cannot be read (a quote never closed, a damaged
/// zip); the table turns it into a <see cref="SpreadsheetError"/> and stops, so it never reaches callers.
/// </summary>
internal sealed class UnreadableFileException(string message, int? rowNumber = null) : Exception(message)
{
    public int? RowNumber { get; } = rowNumber;
}
