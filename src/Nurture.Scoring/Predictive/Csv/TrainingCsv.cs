namespace Nurture.Scoring.Predictive.Csv;

/// <summary>
/// Reads an uploaded CSV into a <see cref="TrainingTable"/>: a header row, the outcome in the column the
/// caller names, every other column a feature. Rows are numbered as a spreadsheet shows them (the header
/// is row 1) with the file line beside, since a quoted cell may span lines.
/// </summary>
public static class TrainingCsv
{
    private const int ExampleLimit = 5;

    public static TrainingTable Read(ReadOnlySpan<byte> bytes, string labelColumn, TrainingCsvLimits? limits = null)
    {
        limits ??= TrainingCsvLimits.Default;
        if (string.IsNullOrWhiteSpace(labelColumn)) throw new TrainingDataException("label", "is required: the name of the column that holds the outcome");
        if (bytes.Length > limits.MaxBytes) throw new TrainingDataException("file", $"is {bytes.Length} bytes; at most {limits.MaxBytes} are accepted");
        var (text, encoding) = CsvText.Decode(bytes);
        var delimiter = CsvParser.SniffDelimiter(text);

        using var records = CsvParser.Read(text, delimiter).GetEnumerator();
        var row = 0;
        CsvRecord? header = null;
        while (header is null && records.MoveNext())
        {
            row++;
            if (!records.Current.IsBlank) header = records.Current;
        }
        if (header is null) throw new TrainingDataException("file", "has no header row (it holds only blank lines)");
        if (header.Fields.Count > limits.MaxColumns)
            throw new TrainingDataException("file", $"has {header.Fields.Count} columns; at most {limits.MaxColumns} are accepted");

        var names = ColumnNames(header);
        var label = LabelIndex(names, labelColumn);

        var rows = new List<TrainingRow>();
        var ragged = new Skips($"the number of cells differs from the header's {names.Count}");
        var unlabelled = new Skips($"the label is not {LabelValues.Accepted}");
        var dataRows = 0;
        while (records.MoveNext())
        {
            row++;
            var record = records.Current;
            if (record.IsBlank) continue;
            if (++dataRows > limits.MaxRows)
                throw new TrainingDataException("file", $"has more than {limits.MaxRows} data rows (row {row}, line {record.Line})");
            var where = $"row {row} (line {record.Line})";
            if (record.Fields.Count != names.Count)
            {
                ragged.Add($"{where}: {record.Fields.Count} cells");
                continue;
            }
            if (LabelValues.Parse(record.Fields[label]) is not { } outcome)
            {
                unlabelled.Add($"{where}: {Shorten(record.Fields[label])}");
                continue;
            }
            var values = new FeatureValue?[names.Count - 1];
            for (int c = 0, v = 0; c < names.Count; c++)
            {
                if (c != label) values[v++] = FeatureValue.Of(record.Fields[c]);
            }
            rows.Add(new TrainingRow(values, outcome));
        }

        var features = names.Where((_, i) => i != label).ToList();
        var separator = delimiter == '\t' ? "tab" : $"'{delimiter}'";
        return TrainingTable.Build(names[label], features, rows, [.. new[] { ragged, unlabelled }.Where(s => s.Count > 0).Select(s => s.ToSkipped())],
            $"CSV, {encoding}, {separator} separated");
    }

    /// <summary>Header cells trimmed; a blank one becomes column_N; two names that match the same feature are refused.</summary>
    private static List<string> ColumnNames(CsvRecord header)
    {
        var names = header.Fields.Select((f, i) => f.Trim() is { Length: > 0 } name ? name : $"column_{i + 1}").ToList();
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
