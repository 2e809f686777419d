using Nurture.Ingest.Normalisation;

namespace Nurture.Ingest.Tests.Normalisation;

public sealed class UrlPartsTests
{
    [Theory]
    [InlineData("https://example.com/pricing?plan=pro", "example.com", "/pricing", "plan=pro")]
    [InlineData("http://example.com", "example.com", "/", "")]
    [InlineData("https://example.com/", "example.com", "/", "")]
    [InlineData("https://example.com?utm_source=x", "example.com", "/", "utm_source=x")]
    [InlineData("https://example.com/?", "example.com", "/", "")]
    [InlineData("https://example.com/a/b/c.html", "example.com", "/a/b/c.html", "")]
    [InlineData("HTTPS://WWW.Example.COM/Path/Keeps/Case?Q=Keeps", "www.example.com", "/Path/Keeps/Case", "Q=Keeps")]
    [InlineData("HtTp://example.com/", "example.com", "/", "")]
    [InlineData("https://www.example.com/", "www.example.com", "/", "")]
    [InlineData("https://shop.example.co.uk/basket", "shop.example.co.uk", "/basket", "")]
    public void Parse_SplitsHostPathAndQuery(string url, string host, string path, string query)
    {
        Assert.Equal(new UrlParts(host, path, query), UrlParts.Parse(url));
    }

    [Theory]
    [InlineData("https://example.com:8443/x", "example.com", "/x")]
    [InlineData("http://example.com:80", "example.com", "/")]
    [InlineData("http://example.com:/x", "example.com", "/x")]
    [InlineData("https://user:secret@example.com/x", "example.com", "/x")]
    [InlineData("https://user@example.com:8080/x", "example.com", "/x")]
    [InlineData("https://a@b@example.com/x", "example.com", "/x")]
    [InlineData("http://127.0.0.1:5000/x", "127.0.0.1", "/x")]
    [InlineData("http://[::1]:3000/x", "[::1]", "/x")]
    [InlineData("http://[2001:DB8::1]/x", "[2001:db8::1]", "/x")]
    [InlineData("https://localhost/x", "localhost", "/x")]
    [InlineData("https://my_host.example.com/x", "my_host.example.com", "/x")]
    [InlineData("https://example.com./x", "example.com.", "/x")]
    public void Parse_HostDropsPortAndUserInfo(string url, string host, string path)
    {
        var parts = UrlParts.Parse(url);
        Assert.NotNull(parts);
        Assert.Equal(host, parts.Host);
        Assert.Equal(path, parts.Path);
    }

    [Theory]
    [InlineData("https://example.com/page#section", "/page", "")]
    [InlineData("https://example.com/page?a=1#section", "/page", "a=1")]
    [InlineData("https://example.com/page#frag?notquery=1", "/page", "")]
    [InlineData("https://example.com#top", "/", "")]
    [InlineData("https://example.com/?a=1?b=2", "/", "a=1?b=2")]
    [InlineData("https://example.com/??a", "/", "?a")]
    [InlineData("https://example.com/a?b#c?d#e", "/a", "b")]
    public void Parse_DropsFragment_AndKeepsEverythingAfterFirstQuestionMark(string url, string path, string query)
    {
        var parts = UrlParts.Parse(url);
        Assert.NotNull(parts);
        Assert.Equal(path, parts.Path);
        Assert.Equal(query, parts.Query);
    }

    [Theory]
    [InlineData("https://example.com/caf%C3%A9?q=%E3%81%82+b", "/caf%C3%A9", "q=%E3%81%82+b")]
    [InlineData("https://example.com/%zz/%", "/%zz/%", "")]
    [InlineData("https://example.com/a%2Fb?x=%zz", "/a%2Fb", "x=%zz")]
    [InlineData("https://example.com/a/../b/./c", "/a/../b/./c", "")]
    [InlineData("https://example.com//double//slash", "//double//slash", "")]
    [InlineData("https://example.com/with space?q=a b", "/with space", "q=a b")]
    public void Parse_LeavesPercentEncodingAndDotSegmentsAsGiven(string url, string path, string query)
    {
        var parts = UrlParts.Parse(url);
        Assert.NotNull(parts);
        Assert.Equal(path, parts.Path);
        Assert.Equal(query, parts.Query);
    }

    [Theory]
    [InlineData("https://例え.テスト/パス?q=日本", "例え.テスト", "/パス", "q=日本")]
    [InlineData("https://BÜCHER.example/", "bücher.example", "/", "")]
    [InlineData("https://xn--bcher-kva.example/", "xn--bcher-kva.example", "/", "")]
    [InlineData("https://\U0001F600.ws/\U0001F600?e=\U0001F600", "\U0001F600.ws", "/\U0001F600", "e=\U0001F600")]
    public void Parse_KeepsInternationalisedHostsAsGiven_LowerCased(string url, string host, string path, string query)
    {
        Assert.Equal(new UrlParts(host, path, query), UrlParts.Parse(url));
    }

    [Theory]
    [InlineData("  https://example.com/x  ", "/x")]
    [InlineData("\thttps://example.com/x\r\n", "/x")]
    public void Parse_TrimsSurroundingWhitespace(string url, string path)
    {
        var parts = UrlParts.Parse(url);
        Assert.NotNull(parts);
        Assert.Equal("example.com", parts.Host);
        Assert.Equal(path, parts.Path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/relative/path")]
    [InlineData("example.com/path")]
    [InlineData("www.example.com")]
    [InlineData("//example.com/protocol-relative")]
    [InlineData("ftp://example.com/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("android-app://com.google.android.gm/")]
    [InlineData("data:text/html,hi")]
    [InlineData("http:/example.com")]
    [InlineData("http:example.com")]
    [InlineData("https:\\\\example.com\\path")]
    [InlineData("httpx://example.com")]
    [InlineData("http://")]
    [InlineData("https://")]
    [InlineData("https:///path")]
    [InlineData("https://?q=1")]
    [InlineData("https://#frag")]
    [InlineData("https://user@/path")]
    [InlineData("https://:8080/path")]
    [InlineData("https://./")]
    [InlineData("https://-/")]
    [InlineData("https://exa mple.com/")]
    [InlineData("https://example.com\\evil/")]
    [InlineData("https://exa<mple.com/")]
    [InlineData("https://exa%41mple.com/")]
    [InlineData("https://example.com:port/")]
    [InlineData("https://example.com:-1/")]
    [InlineData("https://example.com:65536/")]
    [InlineData("https://example.com:123456/")]
    [InlineData("https://example.com:80:80/")]
    [InlineData("https://[::1/")]
    [InlineData("https://[]/")]
    [InlineData("https://[zz::1]/")]
    [InlineData("https://[::1]x/")]
    [InlineData("https://exa\u3000mple.com/")]
    public void Parse_ReturnsNull_ForAnythingButAbsoluteHttpUrls(string? url)
    {
        Assert.Null(UrlParts.Parse(url));
    }

    [Fact]
    public void Parse_ReturnsNull_WhenControlCharactersAreInside()
    {
        Assert.Null(UrlParts.Parse("https://exa\0mple.com/"));
        Assert.Null(UrlParts.Parse("https://example.com/a\0b"));
        Assert.Null(UrlParts.Parse("https://example.com/?q=a\nb"));
        Assert.Null(UrlParts.Parse("https://example.com/a\tb"));
        Assert.Null(UrlParts.Parse("https://example.com/\u007F"));
    }

    [Fact]
    public void Parse_AcceptsPort65535()
    {
        Assert.Equal("example.com", UrlParts.Parse("https://example.com:65535/")?.Host);
    }

    [Fact]
    public void Parse_KeepsLongPathAndQuery_For10KbUrl()
    {
        var path = "/" + new string('p', 10 * 1024);
        var query = "q=" + new string('v', 10 * 1024);

        var parts = UrlParts.Parse("https://example.com" + path + "?" + query + "#" + new string('f', 1024));

        Assert.Equal(new UrlParts("example.com", path, query), parts);
    }

    [Fact]
    public void Parse_ReturnsNull_WhenHostIsLongerThanDnsAllows()
    {
        Assert.Null(UrlParts.Parse("https://" + new string('a', 300) + ".com/"));
        Assert.Null(UrlParts.Parse("https://" + new string('a', 10 * 1024) + "/"));
    }

    [Fact]
    public void Parse_AcceptsHostOfMaximumDnsLength()
    {
        var host = string.Join('.', Enumerable.Repeat(new string('a', 63), 4))[..253];

        Assert.Equal(host, UrlParts.Parse("https://" + host + "/")?.Host);
    }

    [Fact]
    public void Parse_NeverThrows_OnHostileInputs()
    {
        foreach (var input in HostileInputs.All)
        {
            var parts = UrlParts.Parse(input);
            if (parts is null) continue;
            Assert.NotEmpty(parts.Host);
            Assert.NotEmpty(parts.Path);
            Assert.DoesNotContain("#", parts.Path + parts.Query);
        }
    }

    [Fact]
    public void Parse_ResultHasLowerCaseHostAndNonEmptyPath_ForRandomUrls()
    {
        var random = new Random(20240601);
        const string alphabet = "aZ9-._~:/?#[]@!$&'()*+,;=% \0\u00e9\u65e5\uD83D\uDE00\uD800";
        for (var n = 0; n < 3000; n++)
        {
            var length = random.Next(0, 40);
            var chars = new char[length];
            for (var i = 0; i < length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
            var url = (random.Next(2) == 0 ? "https://" : "http://") + new string(chars);

            var parts = UrlParts.Parse(url);

            if (parts is null) continue;
            Assert.Equal(parts.Host.ToLowerInvariant(), parts.Host);
            Assert.StartsWith("/", parts.Path, StringComparison.Ordinal);
            Assert.DoesNotContain("#", parts.Path + parts.Query);
            Assert.DoesNotContain("?", parts.Path);
        }
    }
}
