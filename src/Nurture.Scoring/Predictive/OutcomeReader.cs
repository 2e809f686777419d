namespace Nurture.Scoring.Predictive;

/// <summary>
/// Reads an outcome cell as a <see cref="TrainingChoice"/> says: by <see cref="LabelValues"/> when no values were chosen,
/// else by the chosen values; and notices a chosen value the column never holds (a typo would train on nothing).
/// </summary>
internal sealed class OutcomeReader
{
    private const int SeenCap = 1000;

    private readonly HashSet<string>? positive;
    private readonly HashSet<string>? negative;
    private readonly Dictionary<string, (string Shown, int Count)> seen = new(StringComparer.Ordinal);

    private OutcomeReader(IReadOnlyList<string>? positive, IReadOnlyList<string>? negative)
    {
        Positive = positive;
        Negative = negative;
        this.positive = positive?.Select(FeatureText.CategoryKey).ToHashSet(StringComparer.Ordinal);
        this.negative = negative?.Select(FeatureText.CategoryKey).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The values chosen as converted, as given (trimmed); null when the outcome is read as yes/no.</summary>
    public IReadOnlyList<string>? Positive { get; }

    /// <summary>The values chosen as not converted; null when every other value is.</summary>
    public IReadOnlyList<string>? Negative { get; }

    public bool Chosen => positive is not null;

    public string SkipReason => Chosen ? "the outcome is none of the values chosen" : $"the label is not {LabelValues.Accepted}";

    public static OutcomeReader From(TrainingChoice choice)
    {
        var positive = Clean(choice.Positive);
        var negative = Clean(choice.Negative);
        var errors = new List<TrainingDataError>();
        if (positive is { Count: 0 }) errors.Add(new("positive", "choose at least one value that means the lead became a customer"));
        if (positive is null && negative is not null)
            errors.Add(new("negative", "needs the values that mean the lead became a customer too (positive)"));
        if (positive is not null && negative is not null)
        {
            var both = negative.Where(n => positive.Any(p => FeatureText.CategoryKey(p) == FeatureText.CategoryKey(n))).ToList();
            if (both.Count > 0)
                errors.Add(new("negative", $"\"{TrainingSpreadsheet.Shorten(both[0])}\" is also among the values that mean the lead became a customer; a value can mean only one"));
        }
        if (errors.Count > 0) throw new TrainingDataException(errors);
        return new OutcomeReader(positive, negative);
    }

    /// <summary>Converted, not converted, or null to leave the row out.</summary>
    public bool? Read(string cell)
    {
        if (positive is null) return LabelValues.Parse(cell);
        if (FeatureText.IsMissing(cell)) return null;
        var key = FeatureText.CategoryKey(cell);
        if (seen.TryGetValue(key, out var counted)) seen[key] = counted with { Count = counted.Count + 1 };
        else if (seen.Count < SeenCap) seen[key] = (cell.Trim(), 1);
        if (positive.Contains(key)) return true;
        if (negative is null || negative.Contains(key)) return false;
        return null;
    }

    /// <summary>Refuses a chosen value no row holds, naming the values the column does hold.</summary>
    public void ThrowIfUnused(string labelColumn)
    {
        if (positive is null) return;
        var errors = new List<TrainingDataError>();
        var held = string.Join(", ", seen.Values.OrderByDescending(v => v.Count).Take(10).Select(v => $"\"{TrainingSpreadsheet.Shorten(v.Shown)}\""));
        foreach (var (field, values) in new[] { ("positive", Positive!), ("negative", Negative ?? []) })
        {
            foreach (var value in values.Where(v => !seen.ContainsKey(FeatureText.CategoryKey(v))))
                errors.Add(new(field, $"\"{TrainingSpreadsheet.Shorten(value)}\" is not a value of column \"{TrainingSpreadsheet.Shorten(labelColumn)}\"; "
                    + (held.Length > 0 ? $"its values are {held}" : "it has no values")));
        }
        if (errors.Count > 0) throw new TrainingDataException([.. errors.Take(10)]);
    }

    /// <summary>Trimmed, blanks dropped, each value once.</summary>
    private static List<string>? Clean(IReadOnlyList<string>? values) =>
        values?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).DistinctBy(FeatureText.CategoryKey, StringComparer.Ordinal).ToList();
}
