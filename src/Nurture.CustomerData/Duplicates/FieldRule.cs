namespace Nurture.CustomerData.Duplicates;

/// <summary>How survivorship picks one field's value when records disagree.</summary>
public abstract record FieldRule
{
    private FieldRule() { }

    /// <summary>The most recently updated record that has a value (the default).</summary>
    public static FieldRule NewestNonEmpty { get; } = new NewestNonEmptyRule();

    /// <summary>The record from the highest-ranked source that has a value, first listed first ("business cards"
    /// before "trade show"); the newest breaks a tie. Falls back to the newest value when no listed source has one.</summary>
    public static FieldRule SourcePriority(params string[] sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return new SourcePriorityRule(sources);
    }

    /// <summary>Whatever the named record holds, chosen by a person: even an empty value, which clears the field.</summary>
    public static FieldRule Manual(string recordId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordId);
        return new ManualRule(recordId);
    }

    public sealed record NewestNonEmptyRule : FieldRule;

    public sealed record SourcePriorityRule(IReadOnlyList<string> Sources) : FieldRule;

    public sealed record ManualRule(string RecordId) : FieldRule;
}
