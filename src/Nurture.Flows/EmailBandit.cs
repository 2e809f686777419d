namespace Nurture.Flows;

/// <summary>
/// Picks among email variants by Thompson sampling on their click rates: each variant's rate is drawn
/// from Beta(clicks + 1, sends − clicks + 1) and the highest draw wins. New variants get tried, the
/// better one wins more and more often, and a variant that starts doing better is found again.
/// </summary>
public static class EmailBandit
{
    public static int Choose(IReadOnlyList<(long Sends, long Clicks)> arms, Random random)
    {
        var best = 0;
        var bestDraw = double.MinValue;
        for (var i = 0; i < arms.Count; i++)
        {
            var (sends, clicks) = arms[i];
            var draw = Beta(clicks + 1, Math.Max(0, sends - clicks) + 1, random);
            if (draw > bestDraw) (best, bestDraw) = (i, draw);
        }
        return best;
    }

    /// <summary>Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).</summary>
    private static double Beta(double a, double b, Random random)
    {
        var x = Gamma(a, random);
        var y = Gamma(b, random);
        return x / (x + y);
    }

    /// <summary>Marsaglia and Tsang's method (shape ≥ 1, which holds here: counts + 1).</summary>
    private static double Gamma(double shape, Random random)
    {
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            var u = random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
