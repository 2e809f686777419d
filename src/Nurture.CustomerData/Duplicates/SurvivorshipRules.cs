namespace Nurture.CustomerData.Duplicates;

/// <summary>The rule for each field being merged; fields not named follow <see cref="Default"/>. Field names
/// are compared without regard to case.</summary>
public sealed record SurvivorshipRules
{
    public static SurvivorshipRules Default { get; } = new();

    public FieldRule DefaultRule { get; init; } = FieldRule.NewestNonEmpty;

    public IReadOnlyDictionary<string, FieldRule> Fields { get; init; } = new Dictionary<string, FieldRule>();

    public FieldRule For(string field) =>
        Fields.FirstOrDefault(f => string.Equals(f.Key, field, StringComparison.OrdinalIgnoreCase)).Value ?? DefaultRule;
}
