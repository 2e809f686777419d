using System.Globalization;
using System.Text.Json.Serialization;

namespace Nurture.Scoring.Predictive;

/// <summary>
/// How one training column becomes model inputs ("slots"). A numeric column is one slot; a missing number
/// is written as <see cref="MissingValue"/>, below every value seen, so one split separates "unknown" from
/// "low". A categorical column is one-hot: a slot per kept category and one for any other value; a missing
/// category sets none of them. <see cref="Typical"/> (the median, or the most frequent category) is the
/// baseline a lead's value is compared with to explain a prediction.
/// </summary>
public sealed record EncodedColumn(string Name, FeatureKind Kind, double? MissingValue, IReadOnlyList<string>? Categories, string? Typical)
{
    public const string Other = "(other)";

    [JsonIgnore]
    public int SlotCount => Kind == FeatureKind.Numeric ? 1 : Categories!.Count + 1;
}

/// <summary>
/// The feature schema saved with a model: its columns, their encoding, and how live lead features are
/// matched to them. Training rows and live leads are encoded by the same <see cref="Encode"/>.
/// </summary>
public sealed class FeatureSchema
{
    /// <summary>A category seen fewer times than this in training has nothing to teach: it counts as "other".</summary>
    public const int MinCategoryCount = 2;

    /// <summary>At most this many categories per column (the most frequent), so an id or free-text column stays small.</summary>
    public const int MaxCategories = 50;

    /// <summary>
    /// Rows are dense float vectors: 500 categorical columns × 50 categories × 10k rows would be a gigabyte.
    /// Many categorical columns share this budget instead (at least <see cref="MinCategories"/> each).
    /// </summary>
    public const int SlotBudget = 3000;

    public const int MinCategories = 3;

    private readonly int[] slotColumns;
    private readonly int[] slotStarts;
    private readonly Dictionary<string, int>[] categoryIndex;
    private readonly string[] liveKeys;

    [JsonConstructor]
    public FeatureSchema(string labelColumn, IReadOnlyList<EncodedColumn> columns)
    {
        LabelColumn = labelColumn;
        Columns = columns;
        slotColumns = [.. columns.SelectMany((c, i) => Enumerable.Repeat(i, c.SlotCount))];
        slotStarts = new int[columns.Count];
        for (var c = 1; c < columns.Count; c++) slotStarts[c] = slotStarts[c - 1] + columns[c - 1].SlotCount;
        categoryIndex = [.. columns.Select(c => (c.Categories ?? []).Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal))];
        liveKeys = [.. columns.Select(c => FeatureNames.MatchKey(LiveSource(c.Name)))];
        SlotNames = [.. columns.SelectMany(c => c.Kind == FeatureKind.Numeric
            ? [c.Name]
            : c.Categories!.Append(EncodedColumn.Other).Select(v => $"{c.Name}={v}"))];
    }

    public string LabelColumn { get; }
    public IReadOnlyList<EncodedColumn> Columns { get; }

    [JsonIgnore]
    public int SlotCount => slotColumns.Length;

    [JsonIgnore]
    public IReadOnlyList<string> SlotNames { get; }

    /// <summary>The column a slot belongs to: a category's slots add up to one feature in the importance report.</summary>
    public int ColumnOfSlot(int slot) => slotColumns[slot];

    /// <summary>Learns the encoding from the training rows only (not the held-out ones).</summary>
    public static FeatureSchema Fit(TrainingTable table, IReadOnlyList<TrainingRow> rows)
    {
        var categorical = table.Columns.Count(c => c.Kind == FeatureKind.Categorical);
        var maxCategories = categorical == 0 ? MaxCategories : Math.Clamp(SlotBudget / categorical - 1, MinCategories, MaxCategories);
        var columns = table.Columns.Select((column, c) =>
        {
            var present = rows.Select(r => r.Values[c]).Where(v => v is not null).Select(v => v!.Value).ToList();
            var missing = rows.Count - present.Count;
            if (column.Kind == FeatureKind.Numeric)
            {
                var numbers = present.Select(v => v.Number!.Value).Order().ToList();
                var min = numbers.Count > 0 ? numbers[0] : 0;
                // Mostly blank: the typical lead has no value.
                var median = numbers.Count > missing ? numbers[numbers.Count / 2].ToString("R", CultureInfo.InvariantCulture) : null;
                return new EncodedColumn(column.Name, column.Kind, min - Math.Max(1, Math.Abs(min) * 0.01), null, median);
            }
            var counted = present.Select(v => v.AsCategory())
                .GroupBy(v => v, StringComparer.Ordinal)
                .Where(g => g.Count() >= MinCategoryCount)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(maxCategories).Select(g => (g.Key, Count: g.Count())).ToList();
            var mode = counted.Count > 0 && counted[0].Count > missing ? counted[0].Key : null;
            return new EncodedColumn(column.Name, column.Kind, null, [.. counted.Select(g => g.Key)], mode);
        }).ToList();
        return new FeatureSchema(table.LabelColumn, columns);
    }

    /// <summary>The model's input vector for one row of values aligned with <see cref="Columns"/> (null = missing).</summary>
    public float[] Encode(IReadOnlyList<FeatureValue?> values)
    {
        var slots = new float[SlotCount];
        for (var c = 0; c < Columns.Count; c++) EncodeColumn(c, values[c], slots.AsSpan(slotStarts[c], Columns[c].SlotCount));
        return slots;
    }

    /// <summary>Where a column's slots start in the input vector.</summary>
    public int SlotStart(int column) => slotStarts[column];

    /// <summary>A column's slots as they would be with its <see cref="EncodedColumn.Typical"/> value.</summary>
    public float[] TypicalSlots(int column)
    {
        var typical = Columns[column].Typical is { } text ? FeatureValue.Of(text) : null;
        var slots = new float[Columns[column].SlotCount];
        EncodeColumn(column, typical, slots);
        return slots;
    }

    private void EncodeColumn(int c, FeatureValue? value, Span<float> slots)
    {
        var column = Columns[c];
        slots.Clear();
        if (column.Kind == FeatureKind.Numeric)
        {
            var number = value?.AsNumber() ?? column.MissingValue!.Value;
            slots[0] = (float)Math.Clamp(number, float.MinValue, float.MaxValue);
        }
        else if (value is { } category)
        {
            slots[categoryIndex[c].TryGetValue(category.AsCategory(), out var index) ? index : column.Categories!.Count] = 1;
        }
    }

    /// <summary>
    /// A live lead's values for this model's columns: each column takes the lead feature named by
    /// <see cref="LiveSource"/>, compared by <see cref="FeatureNames.MatchKey"/>. A column nothing feeds is missing.
    /// </summary>
    public FeatureValue?[] Align(IReadOnlyDictionary<string, FeatureValue> features)
    {
        var byKey = new Dictionary<string, FeatureValue>(StringComparer.Ordinal);
        foreach (var (name, value) in features) byKey.TryAdd(FeatureNames.MatchKey(name), value);
        return [.. liveKeys.Select(key => byKey.TryGetValue(key, out var v) ? v : (FeatureValue?)null)];
    }

    /// <summary>
    /// Which <see cref="LeadFeatures"/> feature feeds a column when scoring live leads. Names are compared by
    /// letters and digits only: "Page views" ← page_views; "interest_pricing", "Interest: pricing" and
    /// "Pricing interest" ← interest_pricing; "trait_jobTitle" and any other name ("Job title") ← the trait.
    /// </summary>
    public static string LiveSource(string columnName)
    {
        const string interest = "interest", trait = "trait";
        var key = FeatureNames.MatchKey(columnName);
        var builtIn = BuiltIns.FirstOrDefault(n => FeatureNames.MatchKey(n) == key);
        if (builtIn is not null) return builtIn;
        if (key.Length > interest.Length && key.StartsWith(interest, StringComparison.Ordinal)) return FeatureNames.InterestPrefix + key[interest.Length..];
        if (key.Length > interest.Length && key.EndsWith(interest, StringComparison.Ordinal)) return FeatureNames.InterestPrefix + key[..^interest.Length];
        if (key.Length > trait.Length && key.StartsWith(trait, StringComparison.Ordinal)) return FeatureNames.TraitPrefix + key[trait.Length..];
        return FeatureNames.TraitPrefix + key;
    }

    private static readonly string[] BuiltIns =
    [
        FeatureNames.Sessions, FeatureNames.PageViews, FeatureNames.Events, FeatureNames.DaysSinceFirstSeen, FeatureNames.DaysSinceLastSeen,
        FeatureNames.FirstChannel, FeatureNames.FirstUtmSource, FeatureNames.FirstUtmMedium, FeatureNames.LastChannel,
        FeatureNames.Fit, FeatureNames.Grade,
    ];
}
