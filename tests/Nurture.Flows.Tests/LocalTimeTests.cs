namespace Nurture.Flows.Tests;

public sealed class LocalTimeTests
{
    // Monday 2026-11-23 07:00 UTC = 16:00 in Tokyo, 02:00 in New York.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Asia/Tokyo", "2026-11-24T00:00:00Z")]        // 09:00 Tuesday in Tokyo: today's 09:00 has passed
    [InlineData("America/New_York", "2026-11-23T14:00:00Z")]  // 09:00 Monday in New York (UTC-5)
    [InlineData(null, "2026-11-23T09:00:00Z")]                // unknown zone: UTC
    [InlineData("Not/AZone", "2026-11-23T09:00:00Z")]
    public void Next_IsTheNextNineOClockInTheLeadsZone(string? zone, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), LocalTime.Next(Now, zone, new TimeOnly(9, 0), null));

    [Fact]
    public void Next_SkipsDaysNotAllowed()
    {
        var fridaysOnly = new HashSet<DayOfWeek> { DayOfWeek.Friday };
        Assert.Equal(DateTimeOffset.Parse("2026-11-27T00:00:00Z"), LocalTime.Next(Now, "Asia/Tokyo", new TimeOnly(9, 0), fridaysOnly));
    }

    [Fact]
    public void Next_AcrossADaylightSavingChange_KeepsTheLocalHour()
    {
        // New York moves to summer time on 2027-03-14: 09:00 local is 14:00 UTC before, 13:00 UTC after.
        var saturday = new DateTimeOffset(2027, 3, 13, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal(DateTimeOffset.Parse("2027-03-14T13:00:00Z"), LocalTime.Next(saturday, "America/New_York", new TimeOnly(9, 0), null));
    }
}
