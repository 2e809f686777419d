namespace Nurture.Scoring.Predictive;

/// <summary>One labelled example: a value per <see cref="TrainingTable.Columns"/> entry (null when missing) and the outcome.</summary>
public sealed record TrainingRow(FeatureValue?[] Values, bool Label);

/// <summary>Rows left out of training for one reason, with a few row numbers to look at.</summary>
public sealed record SkippedRows(string Reason, int Count, IReadOnlyList<string> Examples);

/// <summary>
/// Labelled examples with typed columns, whatever they came from (an uploaded CSV, or leads with sales
/// outcomes). A column is numeric when every value it has reads as a number, otherwise categorical; a
/// column with no value at all is ignored.
/// </summary>
public sealed class TrainingTable
{
    private TrainingTable(string labelColumn, IReadOnlyList<FeatureColumn> columns, IReadOnlyList<TrainingRow> rows,
        IReadOnlyList<SkippedRows> skipped, IReadOnlyList<string> ignoredColumns, string source)
    {
        LabelColumn = labelColumn;
        Columns = columns;
        Rows = rows;
        Skipped = skipped;
        IgnoredColumns = ignoredColumns;
        Source = source;
    }

    public string LabelColumn { get; }
    public IReadOnlyList<FeatureColumn> Columns { get; }
    public IReadOnlyList<TrainingRow> Rows { get; }
    public IReadOnlyList<SkippedRows> Skipped { get; }
    public int SkippedCount => Skipped.Sum(s => s.Count);
    /// <summary>Columns without a single value: nothing to learn from.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }
    /// <summary>Where the rows came from, for the report (for example "CSV, utf-8, ',' separated").</summary>
    public string Source { get; }

    /// <summary>Columns of the file the person chose not to learn from.</summary>
    public IReadOnlyList<string> ExcludedColumns { get; private init; } = [];

    /// <summary>The outcome values chosen as converted; null when the outcome was read as yes/no (<see cref="LabelValues"/>).</summary>
    public IReadOnlyList<string>? PositiveValues { get; private init; }

    /// <summary>The outcome values chosen as not converted; null when every value but the positive ones is.</summary>
    public IReadOnlyList<string>? NegativeValues { get; private init; }

    /// <summary>The same rows, remembering what the person chose, for the report.</summary>
    public TrainingTable WithChoice(IReadOnlyList<string> excludedColumns, IReadOnlyList<string>? positiveValues, IReadOnlyList<string>? negativeValues) =>
        new(LabelColumn, Columns, Rows, Skipped, IgnoredColumns, Source)
        {
            ExcludedColumns = excludedColumns, PositiveValues = positiveValues, NegativeValues = negativeValues,
        };

    /// <summary>Types the columns and drops the empty ones. Each row's values are aligned with <paramref name="names"/>.</summary>
    public static TrainingTable Build(string labelColumn, IReadOnlyList<string> names, IReadOnlyList<TrainingRow> rows,
        IReadOnlyList<SkippedRows>? skipped = null, string source = "rows")
    {
        var columns = new List<FeatureColumn>();
        var kept = new List<int>();
        var ignored = new List<string>();
        for (var c = 0; c < names.Count; c++)
        {
            var present = rows.Select(r => r.Values[c]).Where(v => v is not null).Select(v => v!.Value).ToList();
            if (present.Count == 0)
            {
                ignored.Add(names[c]);
                continue;
            }
            kept.Add(c);
            columns.Add(new FeatureColumn(names[c], present.All(v => v.AsNumber() is not null) ? FeatureKind.Numeric : FeatureKind.Categorical));
        }

        var typed = rows.Select(row => new TrainingRow(kept.Select((c, i) => Typed(row.Values[c], columns[i].Kind)).ToArray(), row.Label)).ToList();
        return new TrainingTable(labelColumn, columns, typed, skipped ?? [], ignored, source);
    }

    /// <summary>Leads' features (from <see cref="LeadFeatures.Extract"/>) with their outcomes: training from sales feedback.</summary>
    public static TrainingTable FromLeads(IEnumerable<(IReadOnlyDictionary<string, FeatureValue> Features, bool Converted)> leads, string labelColumn = "converted",
        IReadOnlyList<SkippedRows>? skipped = null, string source = "leads")
    {
        var examples = leads.ToList();
        var names = examples.SelectMany(e => e.Features.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rows = examples.Select(e => new TrainingRow(
            names.Select(n => e.Features.TryGetValue(n, out var v) ? v : (FeatureValue?)null).ToArray(), e.Converted)).ToList();
        return Build(labelColumn, names, rows, skipped, source);
    }

    private static FeatureValue? Typed(FeatureValue? value, FeatureKind kind) =>
        value is { } v && kind == FeatureKind.Numeric ? FeatureValue.Of(v.AsNumber()!.Value) : value;
}
