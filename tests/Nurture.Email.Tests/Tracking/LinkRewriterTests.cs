using Nurture.Email.Tracking;

namespace Nurture.Email.Tests.Tracking;

/// <summary>Every http(s) link of an email points at the click redirect; the originals are kept in order.</summary>
public sealed class LinkRewriterTests
{
    private static string Click(int index) => $"https://nurture.example/e/c/t{index}";

    [Fact]
    public void Rewrite_HttpLinks_PointAtTheRedirect_ByIndex_AndTheOriginalsAreKept()
    {
        var (html, links) = LinkRewriter.Rewrite(
            """<p><a href="https://shop.example/a?x=1&amp;y=2">A</a> <A class="b" HREF = "http://shop.example/b">B</A></p>""", Click);

        Assert.Equal("""<p><a href="https://nurture.example/e/c/t0">A</a> <A class="b" HREF = "https://nurture.example/e/c/t1">B</A></p>""", html);
        Assert.Equal(["https://shop.example/a?x=1&y=2", "http://shop.example/b"], links);
    }

    [Theory]
    [InlineData("""<a href="mailto:ann@example.com">mail</a>""")]
    [InlineData("""<a href="tel:+81312345678">call</a>""")]
    [InlineData("""<a href="/relative">relative</a>""")]
    [InlineData("""<a href="#top">top</a>""")]
    [InlineData("""<a href="javascript:alert(1)">x</a>""")]
    public void Rewrite_LinksThatAreNotAbsoluteHttp_AreLeftAsTheyAre(string html)
    {
        var (rewritten, links) = LinkRewriter.Rewrite(html, Click);

        Assert.Equal(html, rewritten);
        Assert.Empty(links);
    }

    [Fact]
    public void Rewrite_TheUnsubscribeLink_IsKeptAsIs()
    {
        const string unsubscribe = "https://nurture.example/e/u/token";

        var (html, links) = LinkRewriter.Rewrite($"""<a href="{unsubscribe}">stop</a><a href="https://shop.example/">shop</a>""", Click, keepAsIs: unsubscribe);

        Assert.Equal($"""<a href="{unsubscribe}">stop</a><a href="https://nurture.example/e/c/t0">shop</a>""", html);
        Assert.Equal(["https://shop.example/"], links);
    }

    [Fact]
    public void Rewrite_PastTheMostLinks_LeavesTheRestAlone()
    {
        var html = string.Concat(Enumerable.Range(0, LinkRewriter.MaxLinks + 3).Select(i => $"""<a href="https://shop.example/{i}">{i}</a>"""));

        var (rewritten, links) = LinkRewriter.Rewrite(html, Click);

        Assert.Equal(LinkRewriter.MaxLinks, links.Count);
        Assert.Contains($"""<a href="https://shop.example/{LinkRewriter.MaxLinks}">""", rewritten);
        Assert.DoesNotContain("""<a href="https://shop.example/0">""", rewritten);
    }

    [Fact]
    public void Rewrite_RedirectUrl_IsHtmlEncodedInTheAttribute()
    {
        var (html, _) = LinkRewriter.Rewrite("""<a href="https://shop.example/">x</a>""", _ => "https://nurture.example/e/c/a\"b&c");

        Assert.Equal("""<a href="https://nurture.example/e/c/a&quot;b&amp;c">x</a>""", html);
    }

    [Fact]
    public void Rewrite_AddressesInThePlainText_AreTracked_SharingTheHtmlLinksIndex()
    {
        const string unsubscribe = "https://nurture.example/e/u/token";
        var text = """
            See https://shop.example/a?x=1&y=2.
            Docs: (https://docs.example/wiki/Tokyo_(city)), 詳しくはhttps://shop.example/jaをご覧ください
            <https://shop.example/b> and "http://shop.example/c", not ftp://files.example/x or mailto:a@b.example
            Stop: {unsubscribe}
            """.Replace("{unsubscribe}", unsubscribe, StringComparison.Ordinal);

        var (html, rewritten, links) = LinkRewriter.Rewrite("""<a href="https://shop.example/b">b</a>""", text, Click, keepAsIs: unsubscribe);

        Assert.Equal("""<a href="https://nurture.example/e/c/t0">b</a>""", html);
        Assert.Equal(["https://shop.example/b", "https://shop.example/a?x=1&y=2", "https://docs.example/wiki/Tokyo_(city)", "https://shop.example/ja", "http://shop.example/c"], links);
        Assert.Equal($"""
            See {Click(1)}.
            Docs: ({Click(2)}), 詳しくは{Click(3)}をご覧ください
            <{Click(0)}> and "{Click(4)}", not ftp://files.example/x or mailto:a@b.example
            Stop: {unsubscribe}
            """, rewritten);
    }
}
