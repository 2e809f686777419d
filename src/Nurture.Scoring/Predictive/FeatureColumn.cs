using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nurture.Scoring.Predictive;

[JsonConverter(typeof(FeatureKindConverter))]
public enum FeatureKind
{
    Numeric,
    Categorical,
}

/// <summary>A training column: its name as given (a CSV header or a <see cref="FeatureNames"/> name) and its kind.</summary>
public sealed record FeatureColumn(string Name, FeatureKind Kind);

/// <summary>"numeric" and "categorical" in reports and saved schemas, not 0 and 1.</summary>
public sealed class FeatureKindConverter() : JsonStringEnumConverter<FeatureKind>(JsonNamingPolicy.CamelCase);
