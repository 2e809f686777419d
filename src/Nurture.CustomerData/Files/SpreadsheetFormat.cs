namespace Nurture.CustomerData.Files;

public enum SpreadsheetFormat
{
    Csv,
    Xlsx,
}
