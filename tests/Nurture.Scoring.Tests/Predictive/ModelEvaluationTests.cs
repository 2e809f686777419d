using Nurture.Scoring.Predictive;

namespace Nurture.Scoring.Tests.Predictive;

public sealed class ModelEvaluationTests
{
    [Fact]
    public void Roc_RunsFromZeroToOne_TiesMoveTogether()
    {
        var roc = ModelEvaluation.Roc([(0.9, true), (0.8, false), (0.8, true), (0.3, false), (0.1, false)]);

        Assert.Equal([(0, 0), (0, 0.5), (0.3333, 1), (0.6667, 1), (1, 1)], roc.Select(p => (p.FalsePositiveRate, p.TruePositiveRate)));
        Assert.Equal([1, 0.9, 0.8, 0.3, 0.1], roc.Select(p => p.Threshold));
    }

    [Fact]
    public void Roc_OfManyLeads_IsThinnedButKeepsItsEnds_AndOneClassHasNone()
    {
        var random = new Random(3);
        var scored = Enumerable.Range(0, 5000).Select(_ => (random.NextDouble(), random.Next(4) == 0)).ToList();
        var roc = ModelEvaluation.Roc(scored);

        Assert.Equal(101, roc.Count);
        Assert.Equal((0, 0), (roc[0].FalsePositiveRate, roc[0].TruePositiveRate));
        Assert.Equal((1, 1), (roc[^1].FalsePositiveRate, roc[^1].TruePositiveRate));
        Assert.True(roc.Zip(roc.Skip(1)).All(p => p.Second.FalsePositiveRate >= p.First.FalsePositiveRate && p.Second.TruePositiveRate >= p.First.TruePositiveRate));
        Assert.Empty(ModelEvaluation.Roc([(0.5, true), (0.2, true)]));
    }
}
