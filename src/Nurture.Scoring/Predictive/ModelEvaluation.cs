namespace Nurture.Scoring.Predictive;

/// <summary>A tenth of the probability range: how many held-out leads scored there, what they were given, what they did.</summary>
public sealed record ReliabilityBin(double From, double To, int Count, double? MeanPredicted, double? ObservedRate);

/// <summary>
/// One point of the ROC curve: with every lead scored at least <see cref="Threshold"/> picked, the share of
/// non-converters picked (x) and the share of converters picked (y).
/// </summary>
public sealed record RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);

/// <summary>The held-out metrics of a report, computed from (predicted probability, outcome) pairs.</summary>
public static class ModelEvaluation
{
    /// <summary>Area under the ROC curve: the chance a random converter scores above a random non-converter (ties count half).</summary>
    public static double Auc(IReadOnlyList<(double Probability, bool Label)> scored)
    {
        var positives = scored.Count(s => s.Label);
        var negatives = scored.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        // Mann-Whitney U with average ranks for ties.
        var ordered = scored.OrderBy(s => s.Probability).ToList();
        double rankSum = 0;
        for (var i = 0; i < ordered.Count;)
        {
            var j = i;
            while (j + 1 < ordered.Count && ordered[j + 1].Probability == ordered[i].Probability) j++;
            var averageRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                if (ordered[k].Label) rankSum += averageRank;
            }
            i = j + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>The share of converters among the highest-scored <paramref name="fraction"/> (at least one lead).</summary>
    public static double PrecisionAtTop(IReadOnlyList<(double Probability, bool Label)> scored, double fraction = 0.1)
    {
        if (scored.Count == 0) return double.NaN;
        var take = Math.Max(1, (int)Math.Ceiling(scored.Count * fraction));
        return scored.OrderByDescending(s => s.Probability).Take(take).Count(s => s.Label) / (double)take;
    }

    /// <summary>Mean squared error of the probabilities: 0 is perfect, 0.25 is a coin flip at 50%.</summary>
    public static double Brier(IReadOnlyList<(double Probability, bool Label)> scored) =>
        scored.Count == 0 ? double.NaN : scored.Average(s => Math.Pow(s.Probability - (s.Label ? 1 : 0), 2));

    /// <summary>Ten equal-width bins; a calibrated model's mean prediction matches the observed rate in each.</summary>
    public static IReadOnlyList<ReliabilityBin> Reliability(IReadOnlyList<(double Probability, bool Label)> scored, int bins = 10)
    {
        var result = new List<ReliabilityBin>(bins);
        for (var b = 0; b < bins; b++)
        {
            var inBin = scored.Where(s => Math.Min(bins - 1, (int)(s.Probability * bins)) == b).ToList();
            result.Add(new ReliabilityBin(Math.Round(b / (double)bins, 2), Math.Round((b + 1) / (double)bins, 2), inBin.Count,
                inBin.Count == 0 ? null : Math.Round(inBin.Average(s => s.Probability), 4),
                inBin.Count == 0 ? null : Math.Round(inBin.Count(s => s.Label) / (double)inBin.Count, 4)));
        }
        return result;
    }

    /// <summary>
    /// The ROC curve from (0, 0) to (1, 1): a point per distinct probability, highest first, so tied leads move
    /// together. Thinned to at most <paramref name="maxPoints"/> (evenly by rank, ends kept) to stay small in a report.
    /// </summary>
    public static IReadOnlyList<RocPoint> Roc(IReadOnlyList<(double Probability, bool Label)> scored, int maxPoints = 101)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        var positives = scored.Count(s => s.Label);
        var negatives = scored.Count - positives;
        if (positives == 0 || negatives == 0) return [];
        var ordered = scored.OrderByDescending(s => s.Probability).ToList();
        var points = new List<RocPoint> { new(0, 0, 1) };
        int truePositives = 0, falsePositives = 0;
        for (var i = 0; i < ordered.Count;)
        {
            var threshold = ordered[i].Probability;
            for (; i < ordered.Count && ordered[i].Probability == threshold; i++)
            {
                if (ordered[i].Label) truePositives++;
                else falsePositives++;
            }
            points.Add(new RocPoint(Math.Round(falsePositives / (double)negatives, 4), Math.Round(truePositives / (double)positives, 4), Math.Round(threshold, 4)));
        }
        if (points.Count <= maxPoints) return points;
        var step = (points.Count - 1) / (double)(maxPoints - 1);
        return [.. Enumerable.Range(0, maxPoints).Select(k => points[(int)Math.Round(k * step)])];
    }
}
