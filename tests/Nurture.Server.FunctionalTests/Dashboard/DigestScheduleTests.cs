using Nurture.Server.Dashboard;

namespace Nurture.Server.FunctionalTests.Dashboard;

/// <summary>When the weekly digest is due (pure; no host).</summary>
public sealed class DigestScheduleTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Theory]
    [InlineData("2026-12-07T00:00:00Z", "2026-12-07")] // Monday 09:00 JST exactly
    [InlineData("2026-12-07T23:59:59Z", "2026-12-07")] // Tuesday 08:59:59 JST: still within the day after
    public void Due_FromTheHourForADay(string now, string day)
    {
        var due = DigestSchedule.Due(DateTimeOffset.Parse(now), Tokyo, DayOfWeek.Monday, 9);
        Assert.Equal(DateOnly.Parse(day), due?.Day);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), due?.At);
    }

    [Theory]
    [InlineData("2026-12-06T23:59:59Z")] // Monday 08:59:59 JST: not yet (last week's is more than a day old)
    [InlineData("2026-12-08T00:00:00Z")] // Tuesday 09:00 JST: a day late, skipped
    [InlineData("2026-12-10T03:00:00Z")] // Thursday
    public void Due_NotBeforeTheHour_NorMoreThanADayAfter(string now) =>
        Assert.Null(DigestSchedule.Due(DateTimeOffset.Parse(now), Tokyo, DayOfWeek.Monday, 9));

    [Fact]
    public void Due_EarlyMondayInTokyo_IsStillSundayInUtc()
    {
        // Monday 01:00 JST (Sunday 16:00 UTC) with the digest at 00:00 on Monday: due, and keyed by Monday in Tokyo.
        var due = DigestSchedule.Due(new DateTimeOffset(2026, 12, 6, 16, 0, 0, TimeSpan.Zero), Tokyo, DayOfWeek.Monday, 0);
        Assert.Equal(new DateOnly(2026, 12, 7), due?.Day);
    }

    [Fact]
    public void SendId_IsTheSameForAUserAndWeek_AndDiffersOtherwise()
    {
        var user = Guid.NewGuid();
        var week = new DateOnly(2026, 12, 7);
        Assert.Equal(WeeklyDigest.SendId(user, week), WeeklyDigest.SendId(user, week));
        Assert.NotEqual(WeeklyDigest.SendId(user, week), WeeklyDigest.SendId(user, week.AddDays(7)));
        Assert.NotEqual(WeeklyDigest.SendId(user, week), WeeklyDigest.SendId(Guid.NewGuid(), week));
    }
}
