using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Nurture.Scoring.Predictive;

/// <summary>
/// Trains a "will convert" classifier: a stratified 80/20 split with a fixed seed, our own encoding
/// (<see cref="FeatureSchema"/>), ML.NET FastTree (boosted trees, Platt-calibrated probabilities), and
/// a report measured on the held-out part. The model shipped is the one the report measured (trained
/// on the 80%), so the numbers describe exactly what gets activated.
/// </summary>
public static class PredictiveTrainer
{
    public const string Algorithm = "FastTree (gradient-boosted trees), Platt-calibrated";

    public static (PredictiveModel Model, PredictiveReport Report) Train(TrainingTable table, PredictiveTrainingOptions? options = null)
    {
        options ??= PredictiveTrainingOptions.Default;
        var clock = Stopwatch.StartNew();
        Validate(table, options);
        var (train, test) = Split(table.Rows, options);

        var schema = FeatureSchema.Fit(table, train);
        var ml = new MLContext(options.Seed);
        var trainView = MlRows.Load(ml, schema, train);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(EncodedRow.Label),
            FeatureColumnName = nameof(EncodedRow.Features),
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
            LearningRate = options.LearningRate,
            Seed = options.Seed,
        });
        var predictor = trainer.Fit(trainView);

        var scored = ml.Data.CreateEnumerable<ScoredRow>(predictor.Transform(MlRows.Load(ml, schema, test)), reuseRowObject: false)
            .Zip(test, (s, row) => ((double)s.Probability, row.Label)).ToList();
        var weights = default(VBuffer<float>);
        predictor.Model.SubModel.GetFeatureWeights(ref weights);

        var model = PredictiveModel.Create(ml, predictor, trainView.Schema, schema);
        var report = new PredictiveReport(
            table.LabelColumn, table.Source, Algorithm,
            new RowCounts(train.Count, test.Count, table.SkippedCount, table.Rows.Count(r => r.Label), table.Rows.Count(r => !r.Label)),
            Math.Round(ModelEvaluation.Auc(scored), 4),
            Math.Round(ModelEvaluation.PrecisionAtTop(scored, 0.1), 4),
            Math.Round(scored.Count(s => s.Label) / (double)scored.Count, 4),
            Math.Round(ModelEvaluation.Brier(scored), 4),
            ModelEvaluation.Reliability(scored),
            Importance(schema, weights.DenseValues().ToArray(), options.TopFeatures),
            [.. schema.Columns.Select(c => new ModelFeature(c.Name, c.Kind, FeatureSchema.LiveSource(c.Name), c.Categories?.Count))],
            table.IgnoredColumns,
            table.Skipped,
            Math.Round(clock.Elapsed.TotalSeconds, 2),
            ModelEvaluation.Roc(scored),
            table.ExcludedColumns,
            table.PositiveValues,
            table.NegativeValues);
        return (model, report);
    }

    private static void Validate(TrainingTable table, PredictiveTrainingOptions options)
    {
        var skipped = table.SkippedCount > 0
            ? $" ({table.SkippedCount} rows were skipped: {string.Join("; ", table.Skipped.Select(s => $"{s.Count} because {s.Reason}, e.g. {string.Join(", ", s.Examples.Take(3))}"))})"
            : "";
        if (table.Rows.Count < options.MinRows)
            throw new TrainingDataException("file", $"has {table.Rows.Count} usable rows; at least {options.MinRows} are needed{skipped}");
        var positives = table.Rows.Count(r => r.Label);
        var negatives = table.Rows.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            var which = (positives == 0, table.PositiveValues) switch
            {
                (true, null) => "negative (0/false/no/lost)",
                (false, null) => "positive (1/true/yes/won)",
                (true, { } chosen) => $"not converted (none holds {Quoted(chosen)})",
                (false, { } chosen) => $"converted (each holds {Quoted(chosen)})",
            };
            throw new TrainingDataException("label", $"column \"{table.LabelColumn}\" has only one class: all {table.Rows.Count} usable rows are {which}; both outcomes are needed{skipped}");
        }
        if (Math.Min(positives, negatives) < options.MinRowsPerClass)
            throw new TrainingDataException("label", $"column \"{table.LabelColumn}\" has {positives} positive and {negatives} negative rows; at least {options.MinRowsPerClass} of each are needed");
        if (table.Columns.Count == 0)
            throw new TrainingDataException("file", "has no feature column with any value besides the label");
    }

    private static string Quoted(IReadOnlyList<string> values) => string.Join(" or ", values.Take(5).Select(v => $"\"{TrainingSpreadsheet.Shorten(v)}\""));

    /// <summary>A stratified split: each class contributes its share to the test part, so both outcomes are always measured.</summary>
    private static (List<TrainingRow> Train, List<TrainingRow> Test) Split(IReadOnlyList<TrainingRow> rows, PredictiveTrainingOptions options)
    {
        var random = new Random(options.Seed);
        List<TrainingRow> train = [], test = [];
        foreach (var group in new[] { rows.Where(r => r.Label).ToArray(), rows.Where(r => !r.Label).ToArray() })
        {
            random.Shuffle(group);
            var testCount = Math.Max(1, (int)Math.Round(group.Length * options.TestFraction));
            test.AddRange(group.Take(testCount));
            train.AddRange(group.Skip(testCount));
        }
        // Interleave the classes again: the trainer should not see all positives first.
        var trainArray = train.ToArray();
        random.Shuffle(trainArray);
        return ([.. trainArray], test);
    }

    /// <summary>FastTree's split gain per slot, added up per column (a category's slots are one feature) and scaled to sum to 1.</summary>
    private static List<FeatureImportance> Importance(FeatureSchema schema, float[] slotGains, int top)
    {
        var perColumn = new double[schema.Columns.Count];
        for (var slot = 0; slot < slotGains.Length; slot++) perColumn[schema.ColumnOfSlot(slot)] += Math.Max(0, slotGains[slot]);
        var total = perColumn.Sum();
        return [.. perColumn.Select((gain, c) => new FeatureImportance(schema.Columns[c].Name, total > 0 ? Math.Round(gain / total, 4) : 0))
            .OrderByDescending(f => f.Importance).ThenBy(f => f.Feature, StringComparer.Ordinal).Take(top)];
    }
}
