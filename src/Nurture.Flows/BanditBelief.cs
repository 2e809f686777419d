namespace Nurture.Flows;

/// <summary>
/// What the bandit believes of one variant: its sends and clicks as it counts them, the click rate it expects
/// (the mean of Beta(clicks + 1, sends − clicks + 1)), and how often it would pick this variant now.
/// </summary>
public sealed record VariantBelief(string Template, long Sends, long Clicks, double ExpectedClickRate, double ChancePicked);

/// <summary>The bandit's current belief over a step's variants, in numbers a marketer can read beside the report.</summary>
public static class BanditBelief
{
    /// <summary>
    /// <paramref name="draws"/> choices as <see cref="EmailBandit"/> would make them, with a fixed seed so the same
    /// counts always show the same chances.
    /// </summary>
    public static List<VariantBelief> Of(IReadOnlyList<(string Template, long Sends, long Clicks)> arms, int draws = 4000)
    {
        if (arms.Count == 0) return [];
        var random = new Random(25);
        var picked = new int[arms.Count];
        var counts = arms.Select(a => (a.Sends, a.Clicks)).ToList();
        for (var i = 0; i < draws; i++) picked[EmailBandit.Choose(counts, random)]++;
        return arms.Select((a, i) => new VariantBelief(
            a.Template, a.Sends, a.Clicks, (a.Clicks + 1.0) / (Math.Max(a.Sends, a.Clicks) + 2.0), (double)picked[i] / draws)).ToList();
    }
}
