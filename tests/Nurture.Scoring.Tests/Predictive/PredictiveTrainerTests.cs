using System.Diagnostics;
using System.Text;
using Nurture.Abstractions.Leads;
using Nurture.Scoring.Predictive;
using Xunit.Abstractions;

namespace Nurture.Scoring.Tests.Predictive;

public sealed class PredictiveTrainerTests(ITestOutputHelper output)
{
    private readonly Model.ScoringModel scoringModel = Models.Parse();

    /// <summary>One trained model shared by the tests that only read it: training is the slow part.</summary>
    private static readonly Lazy<(PredictiveModel Model, PredictiveReport Report)> CsvModel =
        new(() => PredictiveTrainer.Train(TrainingSpreadsheet.Read(Encoding.UTF8.GetBytes(SyntheticLeads.Csv(3000, noiseColumns: 12)), "converted")));

    [Fact]
    public void Csv_WithAKnownSignal_TrainsAGoodModel_AndRanksTheSignalFirst()
    {
        var (_, report) = CsvModel.Value;
        output.WriteLine($"AUC {report.Auc}, precision@10% {report.PrecisionAtTop10Percent}, base rate {report.BaseRate}, Brier {report.BrierScore}, {report.TrainingSeconds}s");

        Assert.True(report.Auc > 0.75, $"AUC {report.Auc}");
        Assert.True(report.PrecisionAtTop10Percent > report.BaseRate, "the top 10% must convert more often than average");
        Assert.InRange(report.BrierScore, 0, 0.25);
        Assert.Equal(["Job Title", "Pricing interest"], report.FeatureImportance.Take(2).Select(f => f.Feature).Order());
        Assert.Equal(1, report.FeatureImportance.Sum(f => f.Importance), precision: 2);
        Assert.Equal((2400, 600, 0), (report.Rows.Train, report.Rows.Test, report.Rows.Skipped));
        Assert.Equal(10, report.Calibration.Count);
        Assert.Equal(600, report.Calibration.Sum(b => b.Count));
        Assert.InRange(report.RocCurve.Count, 50, 101);
        Assert.Equal((0, 0, 1, 1), (report.RocCurve[0].FalsePositiveRate, report.RocCurve[0].TruePositiveRate, report.RocCurve[^1].FalsePositiveRate, report.RocCurve[^1].TruePositiveRate));
        // The area under the stored curve is the report's AUC (thinning moves it a little).
        var area = report.RocCurve.Zip(report.RocCurve.Skip(1)).Sum(p => (p.Second.FalsePositiveRate - p.First.FalsePositiveRate) * (p.First.TruePositiveRate + p.Second.TruePositiveRate) / 2);
        Assert.Equal(report.Auc, area, precision: 2);
        Assert.Contains(report.Features, f => f is { Name: "Job Title", Kind: FeatureKind.Categorical, LiveSource: "trait_jobtitle" });
        Assert.Contains(report.Features, f => f is { Name: "Pricing interest", LiveSource: "interest_pricing" });
    }

    [Fact]
    public void LiveLeads_AreScoredByTheCsvModel_WithTheirTopFeatures()
    {
        var (model, _) = CsvModel.Value;
        var hot = model.Predict(LeadFeatures.Extract(LeadFeaturesTests.Lead(pricing: 55, jobTitle: "CTO"), scoringModel, Models.T0));
        var cold = model.Predict(LeadFeatures.Extract(LeadFeaturesTests.Lead(pricing: 0, jobTitle: "Student"), scoringModel, Models.T0));
        var unknown = model.Predict(LeadFeatures.Extract(new LeadState { Id = Guid.NewGuid() }, scoringModel, Models.T0));

        output.WriteLine($"hot {hot.Likelihood}: {string.Join(", ", hot.TopFeatures)}\ncold {cold.Likelihood}: {string.Join(", ", cold.TopFeatures)}\nunknown {unknown.Likelihood}: {string.Join(", ", unknown.TopFeatures)}");
        Assert.True(hot.Likelihood > 0.6 && cold.Likelihood < 0.3, $"hot {hot.Likelihood}, cold {cold.Likelihood}");
        Assert.InRange(unknown.Likelihood, 0, 1);
        Assert.Equal(["Job Title", "Pricing interest"], hot.TopFeatures.Take(2).Select(f => f.Feature).Order());
        Assert.All(hot.TopFeatures.Take(2), f => Assert.True(f.Contribution > 0));
        Assert.Contains(hot.TopFeatures, f => f is { Feature: "Job Title", Value: "CTO" });
        Assert.All(cold.TopFeatures.Take(2), f => Assert.True(f.Contribution < 0));
    }

    [Fact]
    public void SaveAndLoad_GivesTheSamePredictions()
    {
        var (model, _) = CsvModel.Value;
        var table = TrainingSpreadsheet.Read(Encoding.UTF8.GetBytes(SyntheticLeads.Csv(50, noiseColumns: 12, seed: 99)), "converted");
        var loaded = PredictiveModel.FromBytes(model.ToBytes());

        foreach (var row in table.Rows)
        {
            var aligned = model.Schema.Columns.Select(c => row.Values[table.Columns.ToList().FindIndex(t => t.Name == c.Name)]).ToArray();
            Assert.Equal(model.Predict(aligned), loaded.Predict(aligned), new PredictionComparer());
        }
    }

    [Fact]
    public void CorruptOrMissingModelBytes_GiveAPredictiveModelException()
    {
        var good = CsvModel.Value.Model.ToBytes();
        var flipped = (byte[])good.Clone();
        for (var i = good.Length / 2; i < good.Length / 2 + 64; i++) flipped[i] ^= 0x5A;

        Assert.Contains("missing", Assert.Throws<PredictiveModelException>(() => PredictiveModel.FromBytes([])).Message);
        Assert.Contains("missing", Assert.Throws<PredictiveModelException>(() => PredictiveModel.FromBytes(null)).Message);
        Assert.Contains("corrupt", Assert.Throws<PredictiveModelException>(() => PredictiveModel.FromBytes(good[..(good.Length / 2)])).Message);
        Assert.Throws<PredictiveModelException>(() => PredictiveModel.FromBytes(flipped));
        Assert.Throws<PredictiveModelException>(() => PredictiveModel.FromBytes(Encoding.UTF8.GetBytes("not a model at all")));
    }

    [Fact]
    public void LeadsWithOutcomes_TrainThroughTheSameFeatureExtractor()
    {
        var leads = SyntheticLeads.Leads(1500, seed: 3).Select(l =>
        {
            var state = LeadFeaturesTests.Lead(pricing: l.PricingInterest, jobTitle: l.JobTitle);
            state.Counters.Sessions = l.Noise.Next(1, 20);
            return (LeadFeatures.Extract(state, scoringModel, Models.T0), l.Converted);
        });

        var (model, report) = PredictiveTrainer.Train(TrainingTable.FromLeads(leads));

        Assert.True(report.Auc > 0.75, $"AUC {report.Auc}");
        Assert.Equal(["interest_pricing", "trait_jobtitle"], report.FeatureImportance.Take(2).Select(f => f.Feature).Order());
        var hot = model.Predict(LeadFeatures.Extract(LeadFeaturesTests.Lead(pricing: 55, jobTitle: "CEO"), scoringModel, Models.T0));
        Assert.True(hot.Likelihood > 0.6, $"hot {hot.Likelihood}");
    }

    [Fact]
    public void TooFewRowsOrOneClass_AreRefusedClearly()
    {
        var oneClass = "converted,a\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"yes,{i}\n")) + "maybe,1\n";
        var error = Assert.Single(Assert.Throws<TrainingDataException>(() => PredictiveTrainer.Train(TrainingSpreadsheet.Read(Encoding.UTF8.GetBytes(oneClass), "converted"))).Errors);
        Assert.Equal("label", error.Field);
        Assert.Contains("only one class", error.Reason);
        Assert.Contains("1 rows were skipped", error.Reason);

        var few = "converted,a\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"{i % 2},{i}\n"));
        Assert.Contains("10 usable rows; at least 50", Assert.Throws<TrainingDataException>(() => PredictiveTrainer.Train(TrainingSpreadsheet.Read(Encoding.UTF8.GetBytes(few), "converted"))).Message);
    }

    /// <summary>Not an assertion on time (the machine varies): prints the training time of a 10k × 40 CSV.</summary>
    [Fact]
    public void TenThousandRowsByFortyColumns_TrainingTimeIsReported()
    {
        var csv = Encoding.UTF8.GetBytes(SyntheticLeads.Csv(10_000, noiseColumns: 36));
        var clock = Stopwatch.StartNew();
        var table = TrainingSpreadsheet.Read(csv, "converted");
        var read = clock.Elapsed;
        var (_, report) = PredictiveTrainer.Train(table);
        output.WriteLine($"10k x {table.Columns.Count + 1} CSV ({csv.Length / 1024} KB): read {read.TotalSeconds:0.00}s, trained in {report.TrainingSeconds}s, total {clock.Elapsed.TotalSeconds:0.00}s; AUC {report.Auc}");
        Assert.Equal(40, table.Columns.Count + 1);
        Assert.True(report.Auc > 0.75, $"AUC {report.Auc}");
    }

    private sealed class PredictionComparer : IEqualityComparer<LeadPrediction>
    {
        public bool Equals(LeadPrediction? x, LeadPrediction? y) =>
            x!.Likelihood == y!.Likelihood && x.TopFeatures.SequenceEqual(y.TopFeatures);

        public int GetHashCode(LeadPrediction obj) => obj.Likelihood.GetHashCode();
    }
}
