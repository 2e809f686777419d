using Nurture.EventStore;

namespace Nurture.EventStore.Tests;

/// <summary>The models' arithmetic: every outcome gives out exactly 1, split as each model says.</summary>
public sealed class AttributionModelsTests
{
    private static readonly string[] GoogleNewsletterDirect = ["paid_search", "email", "direct"];

    [Theory]
    [InlineData(AttributionModel.First, new[] { 1.0, 0, 0 })]
    [InlineData(AttributionModel.Last, new[] { 0, 1.0, 0 })]
    [InlineData(AttributionModel.Linear, new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 })]
    [InlineData(AttributionModel.Position, new[] { 0.4, 0.2, 0.4 })]
    public void Weights_ForGoogleThenNewsletterThenDirect_AreTheModelsShares(AttributionModel model, double[] expected)
    {
        var weights = AttributionModels.Weights(model, GoogleNewsletterDirect);
        Assert.Equal(expected, weights, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Position_WithOneTouch_GivesItAll_AndWithTwo_HalfEach()
    {
        Assert.Equal([1.0], AttributionModels.Weights(AttributionModel.Position, ["email"]));
        Assert.Equal([0.5, 0.5], AttributionModels.Weights(AttributionModel.Position, ["email", "social"]));
    }

    [Fact]
    public void Position_WithFiveTouches_SharesTwentyPercentAmongTheThreeBetween()
    {
        var weights = AttributionModels.Weights(AttributionModel.Position, ["a", "b", "c", "d", "e"]);
        Assert.Equal(0.4, weights[0], 12);
        Assert.Equal(0.4, weights[4], 12);
        Assert.All(weights[1..4], w => Assert.Equal(0.2 / 3, w, 12));
    }

    [Fact]
    public void Last_WhenEveryTouchWasDirect_CreditsTheLastOne()
    {
        Assert.Equal([0, 0, 1.0], AttributionModels.Weights(AttributionModel.Last, ["direct", "direct", "direct"]));
        Assert.Equal([0, 1.0, 0], AttributionModels.Weights(AttributionModel.Last, ["direct", "social", "direct"]));
    }

    [Fact]
    public void Weights_SumToOne_ForEveryModelAndCount()
    {
        string[] channels = ["direct", "email", "social", "paid_search", "referral"];
        var random = new Random(25);
        foreach (var model in Enum.GetValues<AttributionModel>())
        {
            for (var n = 1; n <= 40; n++)
            {
                var touches = Enumerable.Range(0, n).Select(_ => channels[random.Next(channels.Length)]).ToList();
                var weights = AttributionModels.Weights(model, touches);
                Assert.Equal(n, weights.Length);
                Assert.Equal(1.0, weights.Sum(), 9);
                Assert.All(weights, w => Assert.InRange(w, 0, 1));
            }
        }
    }

    [Fact]
    public void Weights_OfNoTouches_AreEmpty() => Assert.Empty(AttributionModels.Weights(AttributionModel.Linear, []));
}
