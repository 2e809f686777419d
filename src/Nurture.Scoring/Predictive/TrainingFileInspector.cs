using System.Globalization;
using Nurture.Spreadsheets;

namespace Nurture.Scoring.Predictive;

/// <summary>
/// Reads an uploaded training file once, before anything is trained, and describes each column (see
/// <see cref="ColumnProfile"/>), so the person can choose the outcome column and the columns to learn from
/// instead of typing names. Same reader, limits and refusals as <see cref="TrainingSpreadsheet"/>.
/// </summary>
public static class TrainingFileInspector
{
    /// <summary>A column with at most this many different values lists them all, so any of them can be chosen as "became a customer".</summary>
    public const int MaxOutcomeValues = 30;

    /// <summary>Different values are counted up to this many per column: enough to tell an id from a category, bounded for 500 columns.</summary>
    public const int DistinctCap = 5000;

    private const int SampleCount = 5;
    private const int SampleLength = 40;

    /// <summary>Below this many values a column is too small to call id-like or free text: it stays a category.</summary>
    private const int MinValuesToJudge = 20;

    private static readonly string[] OutcomeWords =
    [
        "converted", "conversion", "won", "win", "outcome", "result", "customer", "closed", "deal", "label", "target", "status",
        "成約", "受注", "結果", "商談", "顧客",
    ];

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy/MM/dd", "yyyy/M/d", "yyyy-M-d", "yyyy.MM.dd", "dd/MM/yyyy", "d/M/yyyy", "MM/dd/yyyy", "M/d/yyyy", "dd.MM.yyyy",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/M/d H:mm", "yyyy/M/d H:mm:ss",
        "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        "yyyy年M月d日", "yyyy年MM月dd日",
    ];

    public static SpreadsheetInspection Inspect(byte[] file, SpreadsheetReadOptions? limits = null, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var table = SpreadsheetReader.Read(new MemoryStream(file, writable: false), limits ?? TrainingSpreadsheet.DefaultLimits);
        TrainingSpreadsheet.ThrowIfUnreadable(table);
        var names = TrainingSpreadsheet.ColumnNames(table.Headers);
        var columns = names.Select(_ => new ColumnTally()).ToArray();
        int rows = 0, ragged = 0;
        foreach (var row in table.Rows)
        {
            if (TrainingSpreadsheet.IsRagged(table, row, names.Count))
            {
                ragged++;
                continue;
            }
            rows++;
            for (var c = 0; c < names.Count; c++) columns[c].Add(row[c]);
        }
        TrainingSpreadsheet.ThrowIfUnreadable(table);
        if (rows == 0) throw new TrainingDataException("file", ragged > 0
            ? $"has no row with as many cells as the header's {names.Count} ({ragged} rows have another number); is it separated by commas, semicolons or tabs throughout?"
            : "has a header row but no data rows");

        var profiles = names.Select((name, c) => columns[c].Profile(name)).ToList();
        return new SpreadsheetInspection(TrainingSpreadsheet.Describe(table, fileName), rows, ragged, profiles, SuggestLabel(profiles));
    }

    /// <summary>
    /// The column that most likely holds the outcome: a yes/no column named like one ("Converted", "受注"), else a
    /// column with few values named like one ("Status"), else the only yes/no column; null when nothing stands out.
    /// </summary>
    private static string? SuggestLabel(List<ColumnProfile> columns)
    {
        bool Named(ColumnProfile c) => OutcomeWords.Any(w => FeatureNames.MatchKey(c.Name).Contains(FeatureNames.MatchKey(w), StringComparison.Ordinal));
        var yesNo = columns.Where(c => c.Kind == ColumnKind.YesNo && c.Values is { Count: >= 2 }).ToList();
        return yesNo.FirstOrDefault(Named)?.Name
            ?? columns.FirstOrDefault(c => c.Kind == ColumnKind.Category && c.Values is { Count: >= 2 } && Named(c))?.Name
            ?? (yesNo.Count == 1 ? yesNo[0].Name : null);
    }

    internal static bool IsDate(string text)
    {
        var s = text.Trim();
        return s.Length is >= 6 and <= 40
            && DateTime.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out _);
    }

    /// <summary>Everything one pass learns about a column.</summary>
    private sealed class ColumnTally
    {
        private readonly Dictionary<string, (string Shown, int Count, int Order)> values = new(StringComparer.Ordinal);
        private bool allNumbers = true, allDates = true, allOutcomes = true, allIntegers = true, capped;
        private int filled;
        private long totalLength, totalWords;

        public void Add(string cell)
        {
            if (FeatureValue.Of(cell) is not { } value) return;
            filled++;
            var text = value.Text!;
            totalLength += text.Length;
            totalWords += text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            var number = FeatureText.ParseNumber(text);
            allNumbers &= number is not null;
            allIntegers &= number is { } n && n == Math.Floor(n);
            allOutcomes &= LabelValues.Parse(text) is not null;
            allDates &= number is null && IsDate(text);
            var key = FeatureText.CategoryKey(text);
            if (values.TryGetValue(key, out var seen)) values[key] = seen with { Count = seen.Count + 1 };
            else if (values.Count < DistinctCap) values[key] = (text, 1, values.Count);
            else capped = true;
        }

        public ColumnProfile Profile(string name)
        {
            var samples = values.Values.OrderBy(v => v.Order).Take(SampleCount).Select(v => Shorten(v.Shown)).ToList();
            var listed = values.Count <= MaxOutcomeValues && !capped
                ? values.Values.OrderByDescending(v => v.Count).ThenBy(v => v.Order).Select(v => new ValueCount(v.Shown, v.Count, LabelValues.Parse(v.Shown))).ToList()
                : null;
            var (kind, note) = Judge(name);
            return new ColumnProfile(name, kind, filled, values.Count, samples, note is null, note, listed);
        }

        private (ColumnKind Kind, string? Note) Judge(string name)
        {
            if (filled == 0) return (ColumnKind.Empty, "has no values: nothing to learn from");
            var distinct = values.Count;
            var nearlyAllDifferent = filled >= MinValuesToJudge && distinct >= 0.9 * filled;
            if (allOutcomes && distinct <= 4) return (ColumnKind.YesNo, null);
            if (allNumbers)
            {
                // A running number or a numeric id: every value different, whole numbers, and named like an id.
                var key = FeatureNames.MatchKey(name);
                var idName = key.EndsWith("id", StringComparison.Ordinal) || key is "no" or "number" or "番号" || key.EndsWith("番号", StringComparison.Ordinal);
                return allIntegers && idName && nearlyAllDifferent
                    ? (ColumnKind.IdLike, "every value is a different number named like an id: it says which row, not what the lead did")
                    : (ColumnKind.Number, null);
            }
            if (allDates) return (ColumnKind.Date, "dates are left out: a date in this file means something else on a live lead (a number such as \"days since the first visit\" is used)");
            var averageLength = totalLength / (double)filled;
            if (averageLength > 60) return (ColumnKind.Text, "long free text: a model would memorise it rather than learn from it");
            // Sentences (notes, comments) differ from row to row as ids do, but are words: four or more on average.
            if (nearlyAllDifferent && totalWords / (double)filled >= 4)
                return (ColumnKind.Text, "free text, different in almost every row: a model would memorise it rather than learn from it");
            if (nearlyAllDifferent) return (ColumnKind.IdLike, "almost every value is different (an id, an email or a name): nothing to learn from");
            if (filled >= MinValuesToJudge && distinct > 100 && distinct > 0.5 * filled)
                return (ColumnKind.Text, "free text with many different values: a model would memorise it rather than learn from it");
            return (ColumnKind.Category, null);
        }

        private static string Shorten(string text)
        {
            var oneLine = text.ReplaceLineEndings(" ");
            return oneLine.Length <= SampleLength ? oneLine : oneLine[..SampleLength] + "…";
        }
    }
}
