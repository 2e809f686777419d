namespace Nurture.Scoring.Predictive;

/// <summary>
/// What a trained model is worth, measured on the held-out 20% it never saw: stored with the model
/// version and shown before anyone activates it. <see cref="ExcludedColumns"/>, <see cref="PositiveValues"/> and
/// <see cref="NegativeValues"/> record what the person chose, so two versions can be told apart.
/// </summary>
public sealed record PredictiveReport(
    string LabelColumn,
    string Source,
    string Algorithm,
    RowCounts Rows,
    double Auc,
    double PrecisionAtTop10Percent,
    double BaseRate,
    double BrierScore,
    IReadOnlyList<ReliabilityBin> Calibration,
    IReadOnlyList<FeatureImportance> FeatureImportance,
    IReadOnlyList<ModelFeature> Features,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<SkippedRows> Skipped,
    double TrainingSeconds,
    IReadOnlyList<RocPoint> RocCurve,
    IReadOnlyList<string> ExcludedColumns,
    IReadOnlyList<string>? PositiveValues,
    IReadOnlyList<string>? NegativeValues);

/// <summary>Rows used to train and to test, rows skipped, and the outcomes among the used ones.</summary>
public sealed record RowCounts(int Train, int Test, int Skipped, int Positive, int Negative);

/// <summary>A column's share of the model's total split gain (the shares add up to 1).</summary>
public sealed record FeatureImportance(string Feature, double Importance);

/// <summary>A model input column, its kind, and the lead feature that feeds it when scoring live leads.</summary>
public sealed record ModelFeature(string Name, FeatureKind Kind, string LiveSource, int? Categories);
