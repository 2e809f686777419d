using Microsoft.ML;
using Microsoft.ML.Data;

namespace Nurture.Scoring.Predictive;

/// <summary>An encoded row as ML.NET sees it: the outcome and one float vector (see <see cref="FeatureSchema.Encode"/>).</summary>
internal sealed class EncodedRow
{
    public bool Label { get; set; }
    public float[] Features { get; set; } = [];
}

/// <summary>What the model adds to a row that we read: the calibrated probability.</summary>
internal sealed class ScoredRow
{
    public float Probability { get; set; }
}

internal static class MlRows
{
    /// <summary>The row type with the feature vector's size known (ML.NET needs it) and its slots named (for the model's own diagnostics).</summary>
    public static SchemaDefinition Definition(FeatureSchema schema)
    {
        var definition = SchemaDefinition.Create(typeof(EncodedRow));
        var features = definition[nameof(EncodedRow.Features)];
        features.ColumnType = new VectorDataViewType(NumberDataViewType.Single, schema.SlotCount);
        var names = schema.SlotNames.Select(n => n.AsMemory()).ToArray();
        features.AddAnnotation("SlotNames", new VBuffer<ReadOnlyMemory<char>>(names.Length, names),
            new VectorDataViewType(TextDataViewType.Instance, names.Length));
        return definition;
    }

    public static IDataView Load(MLContext ml, FeatureSchema schema, IEnumerable<TrainingRow> rows) =>
        ml.Data.LoadFromEnumerable(rows.Select(r => new EncodedRow { Label = r.Label, Features = schema.Encode(r.Values) }), Definition(schema));
}
