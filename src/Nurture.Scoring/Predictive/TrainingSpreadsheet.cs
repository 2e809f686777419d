using Nurture.Spreadsheets;

namespace Nurture.Scoring.Predictive;

/// <summary>
/// Reads an uploaded CSV or XLSX into a <see cref="TrainingTable"/> through the import's <see cref="SpreadsheetReader"/>
/// (same encodings, delimiters, limits and hostile-file handling): a header row, the outcome in the column the caller
/// names, every other column a feature. Rows are numbered as a spreadsheet shows them, the header being row 1.
/// </summary>
public static class TrainingSpreadsheet
{
    private const int ExampleLimit = 5;

    /// <summary>What an upload may be: enough for a real CRM export, small enough for one request.</summary>
    public static SpreadsheetReadOptions DefaultLimits { get; } = SpreadsheetReadOptions.Default with { MaxFileBytes = 10 * 1024 * 1024 };

    public static TrainingTable Read(byte[] file, string labelColumn, SpreadsheetReadOptions? limits = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (string.IsNullOrWhiteSpace(labelColumn)) throw new TrainingDataException("label", "is required: the name of the column that holds the outcome");
        using var table = SpreadsheetReader.Read(new MemoryStream(file, writable: false), limits ?? DefaultLimits);
        ThrowIfUnreadable(table);

        var names = ColumnNames(table.Headers);
        var label = LabelIndex(names, labelColumn);
        var rows = new List<TrainingRow>();
        var ragged = new Skips($"the number of cells differs from the header's {names.Count}");
        var unlabelled = new Skips($"the label is not {LabelValues.Accepted}");
        foreach (var row in table.Rows)
        {
            // XLSX leaves empty cells out, so only a row longer than the header is ragged there.
            if (table.Format == SpreadsheetFormat.Csv ? row.Width != names.Count : row.Width > names.Count)
            {
                ragged.Add($"row {row.RowNumber}: {row.Width} cells");
                continue;
            }
            if (LabelValues.Parse(row[label]) is not { } outcome)
            {
                unlabelled.Add($"row {row.RowNumber}: {Shorten(row[label])}");
                continue;
            }
            var values = new FeatureValue?[names.Count - 1];
            for (int c = 0, v = 0; c < names.Count; c++)
            {
                if (c != label) values[v++] = FeatureValue.Of(row[c]);
            }
            rows.Add(new TrainingRow(values, outcome));
        }
        // Errors found while reading (a quote never closed, too many rows) refuse the whole file: half a file trains a wrong model.
        ThrowIfUnreadable(table);

        var features = names.Where((_, i) => i != label).ToList();
        return TrainingTable.Build(names[label], features, rows, [.. new[] { ragged, unlabelled }.Where(s => s.Count > 0).Select(s => s.ToSkipped())],
            Describe(table));
    }

    private static void ThrowIfUnreadable(SpreadsheetTable table)
    {
        if (table.Errors.Count > 0) throw new TrainingDataException([.. table.Errors.Take(10).Select(e => new TrainingDataError("file", e.ToString()))]);
    }

    private static string Describe(SpreadsheetTable table) => table.Format switch
    {
        SpreadsheetFormat.Xlsx => "XLSX, first sheet",
        _ => $"CSV, {table.Encoding?.WebName}, {(table.Delimiter == '\t' ? "tab" : $"'{table.Delimiter}'")} separated",
    };

    /// <summary>Header cells as read (trimmed); a blank one becomes column_N; two names that match the same feature are refused.</summary>
    private static List<string> ColumnNames(IReadOnlyList<string> header)
    {
        var names = header.Select((f, i) => f is { Length: > 0 } name ? name : $"column_{i + 1}").ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<TrainingDataError>();
        for (var i = 0; i < names.Count; i++)
        {
            var key = FeatureNames.MatchKey(names[i]);
            if (key.Length == 0) key = names[i];
            if (seen.TryGetValue(key, out var first))
                errors.Add(new("file", $"column {i + 1} \"{Shorten(names[i])}\" has the same name as column {first + 1} \"{Shorten(names[first])}\" (names are compared by letters and digits only); rename one"));
            else seen[key] = i;
        }
        if (errors.Count > 0) throw new TrainingDataException(errors.Take(10).ToList());
        return names;
    }

    /// <summary>The label column by exact name, else ignoring case, else by <see cref="FeatureNames.MatchKey"/>.</summary>
    private static int LabelIndex(List<string> names, string labelColumn)
    {
        var wanted = labelColumn.Trim();
        var index = names.FindIndex(n => n == wanted);
        if (index < 0) index = names.FindIndex(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
        if (index < 0 && FeatureNames.MatchKey(wanted) is { Length: > 0 } key) index = names.FindIndex(n => FeatureNames.MatchKey(n) == key);
        if (index >= 0) return index;

        if (names.Count == 1)
            throw new TrainingDataException("label", $"column \"{Shorten(wanted)}\" is not in the header, which has a single column \"{Shorten(names[0])}\": is the file separated by commas, semicolons or tabs?");
        var listed = string.Join(", ", names.Take(20).Select(n => $"\"{Shorten(n)}\"")) + (names.Count > 20 ? $" and {names.Count - 20} more" : "");
        throw new TrainingDataException("label", $"column \"{Shorten(wanted)}\" is not in the header; the columns are {listed}");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private sealed class Skips(string reason)
    {
        private readonly List<string> examples = [];

        public int Count { get; private set; }

        public void Add(string example)
        {
            if (++Count <= ExampleLimit) examples.Add(example);
        }

        public SkippedRows ToSkipped() => new(reason, Count, examples);
    }
}
