using Nurture.Email.Tracking;

namespace Nurture.Email.Tests.Tracking;

/// <summary>Which clicks are machines (security gateways, previews, scripts) rather than the person.</summary>
public sealed class LinkScannersTests
{
    private const string Reader = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    private static readonly TimeSpan Later = TimeSpan.FromMinutes(5);

    [Fact]
    public void IsScanner_ABrowserClickingMinutesLater_IsThePerson() => Assert.False(LinkScanners.IsScanner(Reader, "GET", Later));

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Barracuda Sentinel)")]
    [InlineData("Mimecast-URL-Protect/1.0")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0) ProofPoint URL Defense")]
    [InlineData("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0)")]
    [InlineData("Mozilla/5.0 (compatible; BingPreview/1.0b)")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36")]
    [InlineData("python-requests/2.32.3")]
    [InlineData("curl/8.8.0")]
    [InlineData("Go-http-client/1.1")]
    [InlineData("okhttp/4.12.0")]
    public void IsScanner_KnownMachineUserAgent_IsAMachine_WhateverItsCase(string userAgent)
    {
        Assert.True(LinkScanners.IsScanner(userAgent, "GET", Later));
        Assert.True(LinkScanners.IsScanner(userAgent.ToUpperInvariant(), "GET", Later));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void IsScanner_NoUserAgent_IsAMachine(string? userAgent) => Assert.True(LinkScanners.IsScanner(userAgent, "GET", Later));

    [Fact]
    public void IsScanner_Head_IsAMachine_EvenFromABrowser() => Assert.True(LinkScanners.IsScanner(Reader, "HEAD", Later));

    [Fact]
    public void IsScanner_ClickWithinTwoSecondsOfTheSend_IsAMachine()
    {
        Assert.True(LinkScanners.IsScanner(Reader, "GET", LinkScanners.TooFast - TimeSpan.FromMilliseconds(1)));
        Assert.False(LinkScanners.IsScanner(Reader, "GET", LinkScanners.TooFast));
    }
}
