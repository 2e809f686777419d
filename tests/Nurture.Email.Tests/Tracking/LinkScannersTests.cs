using Microsoft.Extensions.Time.Testing;
using Nurture.Email.Tracking;

namespace Nurture.Email.Tests.Tracking;

public sealed class LinkScannersTests
{
    private const string Reader = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

    // Sent at the clock's start; the click comes when the clock has moved on, as the click endpoint measures it.
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    private TimeSpan ClickAfter(TimeSpan wait)
    {
        var sent = time.GetUtcNow();
        time.Advance(wait);
        return time.GetUtcNow() - sent;
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(30.0)]
    public void IsScanner_AClickJustInsideTheWindow_IsAScanners(double windowSeconds)
    {
        var window = TimeSpan.FromSeconds(windowSeconds);
        Assert.True(LinkScanners.IsScanner(Reader, "GET", ClickAfter(window - TimeSpan.FromTicks(1)), window));
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(30.0)]
    public void IsScanner_AClickOnceTheWindowHasPassed_IsAReaders(double windowSeconds)
    {
        var window = TimeSpan.FromSeconds(windowSeconds);
        Assert.False(LinkScanners.IsScanner(Reader, "GET", ClickAfter(window), window));
    }

    [Fact]
    public void IsScanner_TheDefaultWindow_IsTwoSeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), LinkScanners.DefaultClickWindow);
        // Ten seconds is past the default but inside a longer configured window.
        var sinceSend = ClickAfter(TimeSpan.FromSeconds(10));
        Assert.False(LinkScanners.IsScanner(Reader, "GET", sinceSend, LinkScanners.DefaultClickWindow));
        Assert.True(LinkScanners.IsScanner(Reader, "GET", sinceSend, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void IsScanner_ZeroWindow_LeavesItToTheRequest()
    {
        Assert.False(LinkScanners.IsScanner(Reader, "GET", TimeSpan.Zero, TimeSpan.Zero));
        Assert.True(LinkScanners.IsScanner(Reader, "HEAD", TimeSpan.Zero, TimeSpan.Zero));
        Assert.True(LinkScanners.IsScanner("Mozilla/5.0 (compatible; Barracuda Sentinel)", "GET", TimeSpan.Zero, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("python-requests/2.31")]
    [InlineData("Mozilla/5.0 (compatible; bingpreview/2.0)")]
    public void IsScanner_AMachinesUserAgentOrNone_IsAScannersWhenever(string? userAgent) =>
        Assert.True(LinkScanners.IsScanner(userAgent, "GET", TimeSpan.FromHours(1), LinkScanners.DefaultClickWindow));

    [Fact]
    public void IsScanner_AHead_IsAScannersWhenever() =>
        Assert.True(LinkScanners.IsScanner(Reader, "HEAD", TimeSpan.FromHours(1), LinkScanners.DefaultClickWindow));
}
