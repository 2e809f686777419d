using Nurture.Handoff.Reps;

namespace Nurture.Handoff.Tests.Reps;

/// <summary>Working hours and out-of-office days on the rep's own clock and calendar.</summary>
public sealed class RepScheduleTests
{
    [Theory]
    [InlineData("2026-12-07T08:59:00Z", "Europe/London", false)] // Monday 08:59 in London
    [InlineData("2026-12-07T09:00:00Z", "Europe/London", true)]
    [InlineData("2026-12-07T17:59:00Z", "Europe/London", true)]
    [InlineData("2026-12-07T18:00:00Z", "Europe/London", false)] // the end is not included
    [InlineData("2026-12-07T00:30:00Z", "Asia/Tokyo", true)] // Monday 09:30 in Tokyo
    [InlineData("2026-12-06T00:30:00Z", "Asia/Tokyo", false)] // Sunday
    [InlineData("2026-07-06T08:30:00Z", "Europe/London", true)] // summer time: 09:30 there
    public void IsAtWork_ReadsTheRepsOwnClock(string now, string zone, bool atWork)
    {
        var rep = Leads.TokyoOfficeRep("r") with { TimeZone = zone };

        Assert.Equal(atWork, RepSchedule.IsAtWork(rep, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void IsAtWork_NoHours_Always_AndTwentyFourHundredIsMidnight()
    {
        Assert.True(RepSchedule.IsAtWork(Leads.Rep("r"), Leads.Now));
        var nights = Leads.Rep("r") with { TimeZone = "UTC", WorkingHours = [new("mon", "20:00", "24:00")] };
        Assert.True(RepSchedule.IsAtWork(nights, new DateTimeOffset(2026, 12, 7, 23, 59, 0, TimeSpan.Zero)));
        Assert.False(RepSchedule.IsAtWork(nights, new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void IsAway_FromTheFirstToTheLastDay_OnTheRepsCalendar()
    {
        var rep = Leads.Rep("r") with { TimeZone = "Asia/Tokyo", AwayFrom = new(2026, 12, 8), AwayUntil = new(2026, 12, 9) };

        // 2026-12-07 15:00 UTC is already the 8th in Tokyo.
        Assert.False(RepSchedule.IsAway(rep, new DateTimeOffset(2026, 12, 7, 14, 59, 0, TimeSpan.Zero)));
        Assert.True(RepSchedule.IsAway(rep, new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero)));
        Assert.True(RepSchedule.IsAway(rep, new DateTimeOffset(2026, 12, 9, 14, 59, 0, TimeSpan.Zero)));
        Assert.False(RepSchedule.IsAway(rep, new DateTimeOffset(2026, 12, 9, 15, 0, 0, TimeSpan.Zero)));
        Assert.False(RepSchedule.IsAway(Leads.Rep("r"), Leads.Now));
    }

    [Fact]
    public void NextStart_IsTheNextSpanInTheRepsWeek()
    {
        var rep = Leads.TokyoOfficeRep("r");

        Assert.Equal("Tue 09:00", RepSchedule.NextStart(rep, Leads.Now)); // Monday 18:30 in Tokyo
        Assert.Equal("Mon 09:00", RepSchedule.NextStart(rep, new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero))); // Friday 19:00
        Assert.Equal("Mon 09:00", RepSchedule.NextStart(rep, new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero))); // Monday 08:00
        Assert.Null(RepSchedule.NextStart(Leads.Rep("r"), Leads.Now));
    }

    [Theory]
    [InlineData("Asia/Tokyo", true)]
    [InlineData("UTC", true)]
    [InlineData("America/Argentina/Buenos_Aires", true)]
    [InlineData("Tokyo Standard Time", false)]
    [InlineData("../../../etc/passwd", false)]
    [InlineData("Asia/../../etc/passwd", false)]
    [InlineData("/etc/localtime", false)]
    [InlineData("Asia/Nowhere", false)]
    [InlineData("", false)]
    [InlineData("Asia/Tokyo\u0000", false)]
    public void FindZone_OnlyIanaNamesThisSystemKnows(string id, bool found) => Assert.Equal(found, RepSchedule.FindZone(id) is not null);

    [Theory]
    [InlineData("09:00", 9.0)]
    [InlineData("00:00", 0.0)]
    [InlineData("24:00", 24.0)]
    [InlineData("17:45", 17.75)]
    public void ParseTime_HoursAndMinutes(string text, double hours) => Assert.Equal(hours, WorkingDay.ParseTime(text)!.Value.TotalHours);

    [Theory]
    [InlineData("9:00")]
    [InlineData("24:30")]
    [InlineData("25:00")]
    [InlineData("09:60")]
    [InlineData("09:00:00")]
    [InlineData("-9:00")]
    [InlineData("+9:00")]
    [InlineData("")]
    [InlineData(null)]
    public void ParseTime_AnythingElse_IsNull(string? text) => Assert.Null(WorkingDay.ParseTime(text));
}
