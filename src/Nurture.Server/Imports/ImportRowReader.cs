using System.Globalization;
using Nurture.Spreadsheets;
using Nurture.Server.Leads;

namespace Nurture.Server.Imports;

/// <summary>Reads a spreadsheet's rows through the column mapping and the cleaners.</summary>
public static class ImportRowReader
{
    public static readonly SpreadsheetReadOptions ReadOptions = SpreadsheetReadOptions.Default;

    /// <summary>
    /// The mapped columns' positions, or errors when a mapped header is not in the file. Checked before
    /// any row is read, so a wrong mapping is one clear error instead of one per row.
    /// </summary>
    public static Dictionary<int, string>? Columns(SpreadsheetTable table, ImportSettings settings, List<ImportError> errors)
    {
        var columns = new Dictionary<int, string>();
        foreach (var (header, trait) in settings.Mapping)
        {
            var index = -1;
            for (var i = 0; i < table.Headers.Count; i++) if (table.Headers[i] == header) { index = i; break; }
            if (index < 0) errors.Add(new(1, header, $"the mapping names this column but the file has no such header (it has: {string.Join(", ", table.Headers.Take(30))})"));
            else columns[index] = trait;
        }
        return errors.Count > 0 ? null : columns;
    }

    public static IEnumerable<ImportRow> Read(SpreadsheetTable table, Dictionary<int, string> columns, ImportSettings settings)
    {
        foreach (var row in table.Rows)
        {
            var errors = row.Errors.Select(e => new ImportError(row.RowNumber, ColumnName(table, e.Column), e.Message)).ToList();
            var traits = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (index, trait) in columns)
            {
                var raw = index < row.Cells.Count ? row.Cells[index] : "";
                var (value, error) = TraitCleaner.Clean(trait, raw, settings);
                if (error is not null) errors.Add(new(row.RowNumber, table.Headers[index], error));
                else if (value is not null && TraitRules.Check(trait, value) is { } reason) errors.Add(new(row.RowNumber, table.Headers[index], reason));
                else if (value is not null) traits[trait] = value;
            }
            traits.TryGetValue("email", out var email);
            var emailHeader = EmailHeader(table, columns);
            if (email is null && !errors.Any(e => e.Column == emailHeader))
                errors.Add(new(row.RowNumber, emailHeader, "is empty: imported people are matched by email"));
            yield return new ImportRow(row.RowNumber, email, traits, errors);
        }
    }

    private static string? ColumnName(SpreadsheetTable table, int? column) =>
        column is { } c && c >= 1 && c <= table.Headers.Count ? table.Headers[c - 1] : column?.ToString(CultureInfo.InvariantCulture);

    private static string EmailHeader(SpreadsheetTable table, Dictionary<int, string> columns) =>
        table.Headers[columns.First(p => p.Value == "email").Key];
}
