using Nurture.Flows;

namespace Nurture.Flows.Tests;

/// <summary>The bandit's belief as the email performance report shows it.</summary>
public sealed class BanditBeliefTests
{
    [Fact]
    public void Of_ExpectsTheBetaMean_AndPicksTheBetterVariantMoreOften()
    {
        var beliefs = BanditBelief.Of([("a", 100, 30), ("b", 100, 5)]);

        Assert.Equal(31.0 / 102, beliefs[0].ExpectedClickRate, precision: 10);
        Assert.Equal(6.0 / 102, beliefs[1].ExpectedClickRate, precision: 10);
        Assert.True(beliefs[0].ChancePicked > 0.99);
        Assert.Equal(1.0, beliefs.Sum(b => b.ChancePicked), precision: 10);
    }

    [Fact]
    public void Of_UntriedVariants_AreEquallyLikely_AndTheSameCountsGiveTheSameChances()
    {
        var first = BanditBelief.Of([("a", 0, 0), ("b", 0, 0)]);
        Assert.Equal(0.5, first[0].ExpectedClickRate);
        Assert.InRange(first[0].ChancePicked, 0.45, 0.55);
        Assert.Equal(first, BanditBelief.Of([("a", 0, 0), ("b", 0, 0)]));
    }

    [Fact]
    public void Of_NoVariants_IsEmpty() => Assert.Empty(BanditBelief.Of([]));

    [Theory]
    [InlineData("flow:welcome/mail", "welcome", "mail")]
    [InlineData("flow:welcome/", "welcome", null)]
    [InlineData("api:key", null, null)]
    [InlineData("handoff:alert", null, null)]
    public void FlowEmailOrigin_NamesTheFlowAndStep(string origin, string? flow, string? step)
    {
        Assert.Equal(flow, FlowEmailOrigin.FlowOf(origin));
        Assert.Equal(step, FlowEmailOrigin.StepOf(origin));
    }
}
