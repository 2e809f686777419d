namespace Nurture.Spreadsheets;

/// <summary>
/// Limits that keep one uploaded file from taking the server down. A file over a limit is reported, never
/// half-read silently: too many rows or a file too big stops reading with an error; a cell too long or too
/// many columns is an error on that row.
/// </summary>
public sealed record SpreadsheetReadOptions
{
    public static SpreadsheetReadOptions Default { get; } = new();

    /// <summary>Data rows, the header not counted.</summary>
    public int MaxRows { get; init; } = 200_000;

    /// <summary>Characters in one cell; 32,767 is Excel's own limit.</summary>
    public int MaxCellLength { get; init; } = 32_767;

    public int MaxColumns { get; init; } = 500;

    /// <summary>Bytes of the file, and of each part unpacked from an XLSX, so a zip bomb stops at the same size.</summary>
    public long MaxFileBytes { get; init; } = 100L * 1024 * 1024;

    internal void Validate()
    {
        if (MaxRows < 0 || MaxCellLength < 1 || MaxColumns < 1 || MaxFileBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(SpreadsheetReadOptions), "Spreadsheet limits must be positive.");
    }
}
