namespace Nurture.Abstractions.Leads.Conditions;

/// <summary>How a text field or trait is compared; every comparison ignores case and surrounding spaces.</summary>
public enum TextOperator
{
    Is,
    IsNot,
    Contains,
    StartsWith,
    IsSet,
    IsNotSet,
}

public static class TextOperators
{
    /// <summary>The names the JSON uses, in the order the console offers them.</summary>
    public static readonly IReadOnlyDictionary<string, TextOperator> ByName = new Dictionary<string, TextOperator>(StringComparer.Ordinal)
    {
        ["is"] = TextOperator.Is,
        ["is_not"] = TextOperator.IsNot,
        ["contains"] = TextOperator.Contains,
        ["starts_with"] = TextOperator.StartsWith,
        ["is_set"] = TextOperator.IsSet,
        ["is_not_set"] = TextOperator.IsNotSet,
    };

    public static bool NeedsValue(this TextOperator op) => op is not (TextOperator.IsSet or TextOperator.IsNotSet);
}
