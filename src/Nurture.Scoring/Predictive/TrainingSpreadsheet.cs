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

    public static TrainingTable Read(byte[] file, string labelColumn, SpreadsheetReadOptions? limits = null) =>
        Read(file, new TrainingChoice(labelColumn), limits);

    /// <summary>
    /// The rows of <paramref name="file"/> as <paramref name="choice"/> says: its outcome column read as converted or not, the
    /// columns it excludes left out. Throws <see cref="TrainingDataException"/> naming the field (file, label, positive, negative,
    /// exclude) when the file or the choice cannot be used.
    /// </summary>
    public static TrainingTable Read(byte[] file, TrainingChoice choice, SpreadsheetReadOptions? limits = null, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(choice);
        if (string.IsNullOrWhiteSpace(choice.Label)) throw new TrainingDataException("label", "is required: the name of the column that holds the outcome");
        var outcome = OutcomeReader.From(choice);
        using var table = SpreadsheetReader.Read(new MemoryStream(file, writable: false), limits ?? DefaultLimits);
        ThrowIfUnreadable(table);

        var names = ColumnNames(table.Headers);
        var label = LabelIndex(names, choice.Label);
        var excluded = ExcludedIndexes(names, label, choice.Exclude ?? []);
        var rows = new List<TrainingRow>();
        var ragged = new Skips($"the number of cells differs from the header's {names.Count}");
        var unlabelled = new Skips(outcome.SkipReason);
        var blank = new Skips("the outcome is blank");
        foreach (var row in table.Rows)
        {
            if (IsRagged(table, row, names.Count))
            {
                ragged.Add($"row {row.RowNumber}: {row.Width} cells");
                continue;
            }
            if (outcome.Read(row[label]) is not { } converted)
            {
                (FeatureText.IsMissing(row[label]) && outcome.Chosen ? blank : unlabelled).Add($"row {row.RowNumber}: {Shorten(row[label])}");
                continue;
            }
            var values = new FeatureValue?[names.Count - 1 - excluded.Count];
            for (int c = 0, v = 0; c < names.Count; c++)
            {
                if (c != label && !excluded.Contains(c)) values[v++] = FeatureValue.Of(row[c]);
            }
            rows.Add(new TrainingRow(values, converted));
        }
        // Errors found while reading (a quote never closed, too many rows) refuse the whole file: half a file trains a wrong model.
        ThrowIfUnreadable(table);
        outcome.ThrowIfUnused(names[label]);

        var features = names.Where((_, i) => i != label && !excluded.Contains(i)).ToList();
        return TrainingTable.Build(names[label], features, rows,
            [.. new[] { ragged, blank, unlabelled }.Where(s => s.Count > 0).Select(s => s.ToSkipped())], Describe(table, fileName))
            .WithChoice([.. excluded.Order().Select(i => names[i])], outcome.Positive, outcome.Negative);
    }

    /// <summary>
    /// A CSV row with another number of cells than the header, or an XLSX row with more (XLSX leaves empty cells
    /// out): its cells cannot be matched to the columns.
    /// </summary>
    internal static bool IsRagged(SpreadsheetTable table, SpreadsheetRow row, int columns) =>
        table.Format == SpreadsheetFormat.Csv ? row.Width != columns : row.Width > columns;

    /// <summary>The columns to leave out, found as the label is; an unknown name or the label itself is refused.</summary>
    private static HashSet<int> ExcludedIndexes(List<string> names, int label, IReadOnlyList<string> exclude)
    {
        var excluded = new HashSet<int>();
        var errors = new List<TrainingDataError>();
        foreach (var name in exclude)
        {
            var index = string.IsNullOrWhiteSpace(name) ? -1 : FindColumn(names, name);
            if (index < 0) errors.Add(new("exclude", $"column \"{Shorten(name ?? "")}\" is not in the file; the columns are {Listed(names)}"));
            else if (index == label) errors.Add(new("exclude", $"\"{Shorten(names[index])}\" is the outcome column; it is never learnt from, so it need not be left out"));
            else excluded.Add(index);
        }
        if (errors.Count > 0) throw new TrainingDataException([.. errors.Take(10)]);
        if (excluded.Count > 0 && excluded.Count == names.Count - 1) throw new TrainingDataException("exclude", "leaves no column to learn from; keep at least one besides the outcome");
        return excluded;
    }

    internal static void ThrowIfUnreadable(SpreadsheetTable table)
    {
        if (table.Errors.Count > 0) throw new TrainingDataException([.. table.Errors.Take(10).Select(e => new TrainingDataError("file", e.ToString()))]);
    }

    /// <summary>Where the rows came from, for the report: "leads.csv: CSV, shift_jis, ',' separated".</summary>
    internal static string Describe(SpreadsheetTable table, string? fileName = null)
    {
        var format = table.Format switch
        {
            SpreadsheetFormat.Xlsx => "XLSX, first sheet",
            _ => $"CSV, {table.Encoding?.WebName}, {(table.Delimiter == '\t' ? "tab" : $"'{table.Delimiter}'")} separated",
        };
        return string.IsNullOrWhiteSpace(fileName) ? format : $"{fileName}: {format}";
    }

    /// <summary>Header cells as read (trimmed); a blank one becomes column_N; two names that match the same feature are refused.</summary>
    internal static List<string> ColumnNames(IReadOnlyList<string> header)
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
        var index = FindColumn(names, wanted);
        if (index >= 0) return index;

        if (names.Count == 1)
            throw new TrainingDataException("label", $"column \"{Shorten(wanted)}\" is not in the header, which has a single column \"{Shorten(names[0])}\": is the file separated by commas, semicolons or tabs?");
        throw new TrainingDataException("label", $"column \"{Shorten(wanted)}\" is not in the header; the columns are {Listed(names)}");
    }

    /// <summary>A column by exact name, else ignoring case, else by <see cref="FeatureNames.MatchKey"/>; -1 when none.</summary>
    private static int FindColumn(List<string> names, string name)
    {
        var wanted = name.Trim();
        var index = names.FindIndex(n => n == wanted);
        if (index < 0) index = names.FindIndex(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
        if (index < 0 && FeatureNames.MatchKey(wanted) is { Length: > 0 } key) index = names.FindIndex(n => FeatureNames.MatchKey(n) == key);
        return index;
    }

    private static string Listed(List<string> names) =>
        string.Join(", ", names.Take(20).Select(n => $"\"{Shorten(n)}\"")) + (names.Count > 20 ? $" and {names.Count - 20} more" : "");

    internal static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

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
