using Nurture.Email.Tracking;

namespace Nurture.Email.Tests.Tracking;

/// <summary>Opens that mail-privacy proxies and prefetchers make for the reader, told from the reader's own.</summary>
public sealed class MailProxiesTests
{
    private const string Reader = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)";
    private static readonly TimeSpan Window = MailProxies.DefaultOpenWindow;
    private static readonly TimeSpan Later = TimeSpan.FromHours(2);

    [Theory]
    [InlineData("Mozilla/5.0")] // Apple Mail Privacy Protection
    [InlineData(" Mozilla/5.0 ")]
    [InlineData("Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)")]
    [InlineData("YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html")]
    [InlineData("Mozilla/5.0 (compatible; Barracuda Sentinel)")]
    [InlineData("python-requests/2.31")]
    [InlineData("")]
    [InlineData(null)]
    public void IsProxyOpen_AProxysOrMachinesUserAgent_IsAMachine(string? userAgent)
    {
        Assert.True(MailProxies.IsProxyOpen(userAgent, Later, Window));
    }

    [Fact]
    public void IsProxyOpen_AReadersMailApp_Later_IsAPerson()
    {
        Assert.False(MailProxies.IsProxyOpen(Reader, Later, Window));
    }

    [Fact]
    public void IsProxyOpen_AnOpenWithinTheWindow_IsAPrefetchOnDelivery()
    {
        Assert.True(MailProxies.IsProxyOpen(Reader, Window - TimeSpan.FromTicks(1), Window));
        Assert.False(MailProxies.IsProxyOpen(Reader, Window, Window));
    }

    [Fact]
    public void IsProxyOpen_ZeroWindow_LeavesItToTheUserAgent()
    {
        Assert.False(MailProxies.IsProxyOpen(Reader, TimeSpan.Zero, TimeSpan.Zero));
    }
}
