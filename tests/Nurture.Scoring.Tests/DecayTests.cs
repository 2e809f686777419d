using Nurture.Abstractions.Scoring;

namespace Nurture.Scoring.Tests;

public sealed class DecayTests
{
    private static readonly TimeSpan HalfLife = TimeSpan.FromDays(10);

    [Theory]
    [InlineData(0, 80)]
    [InlineData(10, 40)]
    [InlineData(20, 20)]
    [InlineData(30, 10)]
    public void ValueAt_HalvesEveryHalfLife(int days, double expected)
    {
        var score = new DecayingScore(80, Models.T0);
        Assert.Equal(expected, Decay.ValueAt(score, Models.T0.AddDays(days), HalfLife), precision: 9);
    }

    [Fact]
    public void Add_GivesTheSameValue_WhateverTheOrderOfEvents()
    {
        var random = new Random(7);
        var events = Enumerable.Range(0, 200).Select(_ => (At: Models.T0.AddHours(random.Next(0, 2000)), Points: random.Next(-5, 20))).ToList();
        var readAt = Models.T0.AddDays(120);

        DecayingScore? inOrder = null, shuffled = null;
        foreach (var (at, points) in events.OrderBy(e => e.At)) inOrder = Decay.Add(inOrder, points, at, HalfLife);
        foreach (var (at, points) in events.OrderBy(_ => random.Next())) shuffled = Decay.Add(shuffled, points, at, HalfLife);
        var exact = events.Sum(e => e.Points * Math.Pow(2, -(readAt - e.At).TotalDays / 10));

        Assert.Equal(exact, Decay.ValueAt(inOrder, readAt, HalfLife), precision: 9);
        Assert.Equal(exact, Decay.ValueAt(shuffled, readAt, HalfLife), precision: 9);
    }

    [Fact]
    public void Combine_IsTheSumOfBothDecayedValues()
    {
        var a = new DecayingScore(40, Models.T0);
        var b = new DecayingScore(10, Models.T0.AddDays(10));
        var combined = Decay.Combine(a, b, HalfLife);
        Assert.Equal(30, Decay.ValueAt(combined, Models.T0.AddDays(10), HalfLife), precision: 9);
        Assert.Equal(combined, Decay.Combine(b, a, HalfLife));
    }
}
