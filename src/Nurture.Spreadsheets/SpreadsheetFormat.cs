namespace Nurture.Spreadsheets;

public enum SpreadsheetFormat
{
    Csv,
    Xlsx,
}
