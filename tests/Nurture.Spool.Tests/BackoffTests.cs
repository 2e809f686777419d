using Nurture.Abstractions;

namespace Nurture.Spool.Tests;

/// <summary>The shared back-off (Nurture.Abstractions), tested here beside the spool loop that uses it.</summary>
public sealed class BackoffTests
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    public void Delay_DoublesFromTheFirst_WithinTwentyPercent(int retry, int seconds)
    {
        var random = new Random(retry);
        for (var i = 0; i < 1000; i++)
            Assert.InRange(Backoff.Delay(retry, First, Max, random), TimeSpan.FromSeconds(seconds * 0.8), TimeSpan.FromSeconds(seconds * 1.2));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(60)]
    [InlineData(int.MaxValue)]
    public void Delay_PastTheMax_StaysAtTheMaxWithinTwentyPercent(int retry)
    {
        var random = new Random(retry);
        for (var i = 0; i < 1000; i++) Assert.InRange(Backoff.Delay(retry, First, Max, random), Max * 0.8, Max * 1.2);
    }

    [Fact]
    public void Delay_Jitters_SoCallersThatFailedTogetherSpreadOut()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 100).Select(_ => Backoff.Delay(3, First, Max, random)).ToHashSet();
        Assert.True(delays.Count > 90, $"{delays.Count} distinct delays of 100");
        Assert.True(delays.Min() < First * 3.6 && delays.Max() > First * 4.4, $"{delays.Min()} to {delays.Max()}");
    }

    [Fact]
    public void Delay_BeforeAnyRetry_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Delay(0, First, Max));
}
