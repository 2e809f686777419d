using Nurture.Email.Sending;

namespace Nurture.Email.Tests.Sending;

public sealed class QuietHoursTests
{
    // 2026-11-23 13:30 UTC is 22:30 in Tokyo (quiet) and 08:30 in New York (not quiet).
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 13, 30, 0, TimeSpan.Zero);

    [Fact]
    public void EndOf_InTheLeadsNight_HoldsUntilMorningThere() =>
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T23:00:00Z"), QuietHours.EndOf(Now, "Asia/Tokyo", 21, 8));

    [Fact]
    public void EndOf_InTheLeadsDay_SendsNow() => Assert.Null(QuietHours.EndOf(Now, "America/New_York", 21, 8));

    [Theory]
    [InlineData(null)]
    [InlineData("Not/AZone")]
    public void EndOf_UnknownZone_UsesUtc(string? zone) => Assert.Null(QuietHours.EndOf(Now, zone, 21, 8));

    [Fact]
    public void EndOf_EqualHours_TurnsQuietHoursOff() => Assert.Null(QuietHours.EndOf(Now, "Asia/Tokyo", 0, 0));
}
