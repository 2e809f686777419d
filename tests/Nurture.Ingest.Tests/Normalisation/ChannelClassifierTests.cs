using Nurture.Ingest.Normalisation;

namespace Nurture.Ingest.Tests.Normalisation;

/// <summary>One theory per rule in CHANNELS.md, in the same order.</summary>
public sealed class ChannelClassifierTests
{
    private const string Page = "shop.example.com";

    private static string Classify(string? referrer, string? query, string? page = Page) =>
        ChannelClassifier.Classify(referrer, page, AcquisitionParams.FromQuery(query));

    // Rule 1: paid search.
    [Theory]
    [InlineData(null, "utm_source=google&utm_medium=cpc")]
    [InlineData(null, "utm_source=bing&utm_medium=ppc")]
    [InlineData(null, "utm_source=google&utm_medium=paid")]
    [InlineData(null, "utm_medium=paidsearch")]
    [InlineData(null, "utm_medium=paid_search")]
    [InlineData(null, "utm_medium=sem")]
    [InlineData(null, "utm_medium=CPC")]
    [InlineData(null, "utm_medium=%20Cpc%20")]
    [InlineData("www.google.com", "utm_source=google&utm_medium=cpc")]
    [InlineData("news.example.org", "utm_medium=cpc")]
    [InlineData(Page, "utm_medium=cpc")]
    public void Classify_PaidSearch_WhenMediumIsPaid(string? referrer, string query)
    {
        Assert.Equal(Channels.PaidSearch, Classify(referrer, query));
    }

    [Theory]
    [InlineData(null, "gclid=abc")]
    [InlineData(null, "gbraid=abc")]
    [InlineData(null, "wbraid=abc")]
    [InlineData(null, "msclkid=abc")]
    [InlineData(null, "yclid=abc")]
    [InlineData("www.google.com", "gclid=abc")]
    [InlineData("www.bing.com", "msclkid=abc")]
    [InlineData("yandex.ru", "yclid=abc")]
    [InlineData(Page, "gclid=abc")]
    [InlineData(null, "gclid=abc&fbclid=def")]
    [InlineData(null, "gclid=abc&utm_medium=email")]
    [InlineData(null, "gclid=abc&utm_medium=social")]
    [InlineData(null, "gclid=abc&utm_source=facebook&utm_medium=cpc")]
    [InlineData("l.facebook.com", "gclid=abc&utm_medium=cpc")]
    public void Classify_PaidSearch_WhenSearchClickIdPresent(string? referrer, string query)
    {
        Assert.Equal(Channels.PaidSearch, Classify(referrer, query));
    }

    [Theory]
    [InlineData(null, "utm_source=facebook&utm_medium=cpc")]
    [InlineData(null, "utm_source=Facebook&utm_medium=paid")]
    [InlineData(null, "utm_source=fb&utm_medium=ppc")]
    [InlineData(null, "utm_source=instagram&utm_medium=cpc")]
    [InlineData(null, "utm_source=linkedin&utm_medium=cpc")]
    [InlineData(null, "utm_source=tiktok&utm_medium=paid")]
    [InlineData(null, "utm_source=facebook_ads&utm_medium=cpc")]
    [InlineData(null, "utm_source=facebook.com&utm_medium=cpc")]
    [InlineData(null, "utm_source=l.facebook.com&utm_medium=cpc")]
    [InlineData("l.facebook.com", "utm_medium=cpc")]
    [InlineData("t.co", "utm_source=promo&utm_medium=paid")]
    [InlineData(null, "utm_medium=cpc&fbclid=abc")]
    [InlineData(null, "utm_medium=cpc&ttclid=abc")]
    public void Classify_Social_WhenGenericPaidMediumComesFromSocialNetwork(string? referrer, string query)
    {
        Assert.Equal(Channels.Social, Classify(referrer, query));
    }

    [Theory]
    [InlineData(null, "utm_source=facebook&utm_medium=paidsearch")]
    [InlineData(null, "utm_source=facebook&utm_medium=paid_search")]
    [InlineData(null, "utm_source=facebook&utm_medium=sem")]
    [InlineData("l.facebook.com", "utm_medium=sem")]
    public void Classify_PaidSearch_WhenMediumExplicitlySaysSearch_EvenFromSocial(string? referrer, string query)
    {
        Assert.Equal(Channels.PaidSearch, Classify(referrer, query));
    }

    // Rule 2: email.
    [Theory]
    [InlineData(null, "utm_medium=email")]
    [InlineData(null, "utm_medium=e-mail")]
    [InlineData(null, "utm_medium=newsletter")]
    [InlineData(null, "utm_medium=Email&utm_source=mailchimp")]
    [InlineData(null, "mc_cid=abc")]
    [InlineData(null, "mc_cid=abc&mc_eid=def")]
    [InlineData("www.google.com", "mc_cid=abc")]
    [InlineData("www.google.com", "utm_medium=email")]
    [InlineData(null, "utm_medium=email&fbclid=abc")]
    [InlineData(null, "utm_source=facebook&utm_medium=email")]
    [InlineData(null, "utm_medium=email&dclid=abc")]
    [InlineData(Page, "utm_medium=email")]
    public void Classify_Email_WhenEmailMediumOrMailchimpClickId(string? referrer, string query)
    {
        Assert.Equal(Channels.Email, Classify(referrer, query));
    }

    // Rule 3: display.
    [Theory]
    [InlineData(null, "utm_medium=display")]
    [InlineData(null, "utm_medium=banner")]
    [InlineData(null, "utm_medium=cpm")]
    [InlineData(null, "utm_medium=programmatic")]
    [InlineData(null, "utm_medium=DISPLAY&utm_source=dv360")]
    [InlineData(null, "dclid=abc")]
    [InlineData("ad.doubleclick.net", "dclid=abc")]
    [InlineData(null, "dclid=abc&fbclid=def")]
    [InlineData("www.google.com", "utm_medium=display")]
    public void Classify_Display_WhenDisplayMediumOrDclid(string? referrer, string query)
    {
        Assert.Equal(Channels.Display, Classify(referrer, query));
    }

    // Rule 4: affiliate.
    [Theory]
    [InlineData(null, "utm_medium=affiliate")]
    [InlineData(null, "utm_medium=affiliates&utm_source=awin")]
    [InlineData(null, "utm_medium=partner")]
    [InlineData("www.google.com", "utm_medium=affiliate")]
    [InlineData("some-coupon-site.example", "utm_medium=Affiliate")]
    [InlineData(null, "utm_source=facebook&utm_medium=affiliate")]
    public void Classify_Affiliate_WhenAffiliateMedium(string? referrer, string query)
    {
        Assert.Equal(Channels.Affiliate, Classify(referrer, query));
    }

    // Rule 5: social by tag.
    [Theory]
    [InlineData(null, "utm_medium=social")]
    [InlineData(null, "utm_medium=social-media")]
    [InlineData(null, "utm_medium=social_media")]
    [InlineData(null, "utm_medium=sm")]
    [InlineData(null, "utm_medium=paid_social")]
    [InlineData(null, "utm_medium=paidsocial")]
    [InlineData(null, "fbclid=abc")]
    [InlineData(null, "ttclid=abc")]
    [InlineData(null, "twclid=abc")]
    [InlineData(null, "li_fat_id=abc")]
    [InlineData(null, "epik=abc")]
    [InlineData(null, "ScCid=abc")]
    [InlineData(null, "sccid=abc")]
    [InlineData("www.google.com", "fbclid=abc")]
    [InlineData(Page, "fbclid=abc")]
    [InlineData(null, "utm_source=instagram")]
    [InlineData(null, "utm_source=linkedin&utm_campaign=launch")]
    [InlineData(null, "utm_source=facebook&utm_medium=organic")]
    [InlineData(null, "utm_source=twitter&utm_medium=referral")]
    [InlineData(null, "utm_source=x&utm_medium=post")]
    [InlineData(null, "utm_source=facebook.com")]
    [InlineData(null, "utm_source=t.co")]
    [InlineData(null, "utm_source=www.pinterest.co.uk")]
    [InlineData(null, "utm_source=fb-story")]
    [InlineData(null, "utm_source=line_official")]
    [InlineData("www.google.com", "utm_source=youtube")]
    public void Classify_Social_WhenSocialMediumClickIdOrSource(string? referrer, string query)
    {
        Assert.Equal(Channels.Social, Classify(referrer, query));
    }

    // Rule 6: organic search.
    [Theory]
    [InlineData("www.google.com")]
    [InlineData("google.com")]
    [InlineData("google.de")]
    [InlineData("www.google.co.jp")]
    [InlineData("news.google.co.jp")]
    [InlineData("www.google.com.br")]
    [InlineData("images.google.com")]
    [InlineData("scholar.google.com")]
    [InlineData("bing.com")]
    [InlineData("www.bing.com")]
    [InlineData("cn.bing.com")]
    [InlineData("search.yahoo.com")]
    [InlineData("uk.search.yahoo.com")]
    [InlineData("search.yahoo.co.jp")]
    [InlineData("yahoo.co.jp")]
    [InlineData("www.yahoo.co.jp")]
    [InlineData("duckduckgo.com")]
    [InlineData("html.duckduckgo.com")]
    [InlineData("www.baidu.com")]
    [InlineData("m.baidu.com")]
    [InlineData("yandex.ru")]
    [InlineData("yandex.com.tr")]
    [InlineData("ya.ru")]
    [InlineData("www.ecosia.org")]
    [InlineData("search.naver.com")]
    [InlineData("m.search.naver.com")]
    [InlineData("search.brave.com")]
    [InlineData("www.qwant.com")]
    [InlineData("WWW.GOOGLE.COM")]
    [InlineData("www.google.com.")]
    [InlineData("www.google.com:443")]
    [InlineData("https://www.google.com/search?q=shoes")]
    [InlineData("  www.google.com  ")]
    public void Classify_OrganicSearch_WhenReferrerIsSearchEngine(string referrer)
    {
        Assert.Equal(Channels.OrganicSearch, Classify(referrer, null));
    }

    [Theory]
    [InlineData(null, "utm_medium=organic")]
    [InlineData(null, "utm_source=google&utm_medium=organic")]
    [InlineData(null, "utm_medium=ORGANIC")]
    [InlineData("news.example.org", "utm_medium=organic")]
    [InlineData("www.google.com", "utm_medium=qr")]
    [InlineData("www.google.com", "utm_source=flyer")]
    [InlineData("www.google.com", "utm_campaign=spring")]
    public void Classify_OrganicSearch_WhenOrganicMediumOrSearchReferrerBeatsUnknownTags(string? referrer, string query)
    {
        Assert.Equal(Channels.OrganicSearch, Classify(referrer, query));
    }

    // Rule 7: social and webmail referrers.
    [Theory]
    [InlineData("facebook.com")]
    [InlineData("www.facebook.com")]
    [InlineData("m.facebook.com")]
    [InlineData("l.facebook.com")]
    [InlineData("lm.facebook.com")]
    [InlineData("instagram.com")]
    [InlineData("l.instagram.com")]
    [InlineData("t.co")]
    [InlineData("twitter.com")]
    [InlineData("mobile.twitter.com")]
    [InlineData("x.com")]
    [InlineData("www.linkedin.com")]
    [InlineData("lnkd.in")]
    [InlineData("www.youtube.com")]
    [InlineData("m.youtube.com")]
    [InlineData("youtu.be")]
    [InlineData("www.reddit.com")]
    [InlineData("old.reddit.com")]
    [InlineData("www.pinterest.com")]
    [InlineData("pinterest.co.uk")]
    [InlineData("jp.pinterest.com")]
    [InlineData("www.tiktok.com")]
    [InlineData("www.threads.net")]
    [InlineData("line.me")]
    [InlineData("note.com")]
    [InlineData("b.hatena.ne.jp")]
    [InlineData("news.ycombinator.com")]
    [InlineData("bsky.app")]
    [InlineData("t.me")]
    [InlineData("https://l.facebook.com/l.php?u=https%3A%2F%2Fshop.example.com")]
    public void Classify_Social_WhenReferrerIsSocialNetwork(string referrer)
    {
        Assert.Equal(Channels.Social, Classify(referrer, null));
    }

    [Theory]
    [InlineData("mail.google.com")]
    [InlineData("outlook.live.com")]
    [InlineData("outlook.office.com")]
    [InlineData("outlook.office365.com")]
    [InlineData("mail.yahoo.com")]
    [InlineData("mail.yahoo.co.jp")]
    [InlineData("mail.aol.com")]
    [InlineData("mail.proton.me")]
    [InlineData("e.mail.ru")]
    [InlineData("mail.yandex.ru")]
    [InlineData("webmail.some-isp.net")]
    [InlineData("mail.company.example")]
    public void Classify_Email_WhenReferrerIsWebmail_EvenUnderSearchDomains(string referrer)
    {
        Assert.Equal(Channels.Email, Classify(referrer, null));
    }

    // Rule 8: tagged with something unrecognised.
    [Theory]
    [InlineData(null, "utm_medium=qr", Channels.Other)]
    [InlineData(null, "utm_source=flyer&utm_medium=print", Channels.Other)]
    [InlineData(null, "utm_source=google", Channels.Other)]
    [InlineData(null, "utm_source=bing", Channels.Other)]
    [InlineData(null, "utm_source=partner-site", Channels.Other)]
    [InlineData("news.example.org", "utm_source=podcast", Channels.Other)]
    [InlineData(Page, "utm_medium=qr", Channels.Other)]
    [InlineData("www." + Page, "utm_source=flyer", Channels.Other)]
    [InlineData(null, "utm_source=newsletter", Channels.Email)]
    [InlineData(null, "utm_source=Mailchimp", Channels.Email)]
    [InlineData(null, "utm_source=newsletter_2024_05", Channels.Email)]
    [InlineData(null, "utm_source=e-mail", Channels.Email)]
    [InlineData(null, "utm_source=newsletter&utm_medium=link", Channels.Other)]
    [InlineData(null, "utm_medium=referral", Channels.Referral)]
    [InlineData(Page, "utm_source=blog&utm_medium=Referral", Channels.Referral)]
    public void Classify_OtherOrBySource_WhenTaggedWithUnrecognisedMedium(string? referrer, string query, string expected)
    {
        Assert.Equal(expected, Classify(referrer, query));
    }

    [Theory]
    [InlineData(null, "utm_campaign=spring", Channels.Direct)]
    [InlineData(null, "utm_term=shoes&utm_content=ad1", Channels.Direct)]
    [InlineData("news.example.org", "utm_campaign=spring", Channels.Referral)]
    [InlineData(Page, "utm_content=hero", Channels.Direct)]
    public void Classify_IgnoresCampaignTermContent_WithoutSourceOrMedium(string? referrer, string query, string expected)
    {
        Assert.Equal(expected, Classify(referrer, query));
    }

    // Rule 9: direct.
    [Theory]
    [InlineData(null, Page)]
    [InlineData("", Page)]
    [InlineData("   ", Page)]
    [InlineData(null, null)]
    [InlineData(Page, Page)]
    [InlineData("SHOP.EXAMPLE.COM", Page)]
    [InlineData("shop.example.com:8443", Page)]
    [InlineData("shop.example.com.", Page)]
    [InlineData("www.example.com", "example.com")]
    [InlineData("example.com", "www.example.com")]
    [InlineData("m.example.com", "example.com")]
    [InlineData("blog.example.com", "shop.example.com")]
    [InlineData("a.b.example.com", "example.com")]
    [InlineData("www.example.co.uk", "shop.example.co.uk")]
    [InlineData("example.co.jp", "www.example.co.jp")]
    [InlineData("www.example.com.au", "example.com.au")]
    [InlineData("alice.github.io", "alice.github.io")]
    [InlineData("docs.alice.github.io", "alice.github.io")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("[::1]:3000", "[::1]")]
    [InlineData("https://shop.example.com/cart?x=1", Page)]
    [InlineData("...", Page)]
    [InlineData("-", Page)]
    public void Classify_Direct_WhenNoReferrerOrSameSite(string? referrer, string? page)
    {
        Assert.Equal(Channels.Direct, Classify(referrer, null, page));
    }

    // Rule 10: referral.
    [Theory]
    [InlineData("news.example.org", Page)]
    [InlineData("blog.other.com", Page)]
    [InlineData("example.com.evil.net", "example.com")]
    [InlineData("evil-example.com", "example.com")]
    [InlineData("bob.github.io", "alice.github.io")]
    [InlineData("other.co.uk", "example.co.uk")]
    [InlineData("a.example.co.uk", "b.other.co.uk")]
    [InlineData("127.0.0.2", "127.0.0.1")]
    [InlineData("news.example.org", null)]
    [InlineData("notgoogle.com", Page)]
    [InlineData("google.example.com", "shop.example.net")]
    [InlineData("docs.google.com", Page)]
    [InlineData("drive.google.com", Page)]
    [InlineData("sites.google.com", Page)]
    [InlineData("play.google.com", Page)]
    [InlineData("lh3.googleusercontent.com", Page)]
    [InlineData("box.com", Page)]
    [InlineData("notfacebook.com", Page)]
    [InlineData("facebook.com.evil.net", Page)]
    [InlineData("hatenablog.com", Page)]
    [InlineData("mail.ru", Page)]
    [InlineData("google.pizza", Page)]
    [InlineData("android-app://com.google.android.gm", Page)]
    public void Classify_Referral_WhenReferrerIsAnotherSite(string referrer, string? page)
    {
        Assert.Equal(Channels.Referral, Classify(referrer, null, page));
    }

    [Fact]
    public void Classify_TreatsNullAcquisitionAsUntagged()
    {
        Assert.Equal(Channels.Direct, ChannelClassifier.Classify(null, Page, null!));
        Assert.Equal(Channels.OrganicSearch, ChannelClassifier.Classify("www.google.com", Page, null!));
    }

    [Fact]
    public void Classify_WorksOnHostsFromUrlParts()
    {
        var page = UrlParts.Parse("https://Shop.Example.com/landing?utm_source=facebook&utm_medium=cpc&utm_campaign=x");
        var referrer = UrlParts.Parse("https://l.facebook.com/l.php?u=x");
        Assert.NotNull(page);

        var channel = ChannelClassifier.Classify(referrer?.Host, page.Host, AcquisitionParams.FromQuery(page.Query));

        Assert.Equal(Channels.Social, channel);
    }

    [Fact]
    public void Classify_UsesAcquisitionBuiltByHand()
    {
        var acquisition = new AcquisitionParams(" Google ", " CPC ", null, null, null, null, null);

        Assert.Equal(Channels.PaidSearch, ChannelClassifier.Classify(null, Page, acquisition));
    }

    [Fact]
    public void Channels_All_ListsEveryChannelOnce()
    {
        string[] expected =
        [
            "direct", "organic_search", "paid_search", "social", "email", "referral", "display", "affiliate", "other",
        ];

        Assert.Equal(expected, Channels.All);
        Assert.Equal(Channels.All.Count, Channels.All.Distinct().Count());
    }

    [Fact]
    public void Channels_Constants_HaveTheirStoredValues()
    {
        Assert.Equal("direct", Channels.Direct);
        Assert.Equal("organic_search", Channels.OrganicSearch);
        Assert.Equal("paid_search", Channels.PaidSearch);
        Assert.Equal("social", Channels.Social);
        Assert.Equal("email", Channels.Email);
        Assert.Equal("referral", Channels.Referral);
        Assert.Equal("display", Channels.Display);
        Assert.Equal("affiliate", Channels.Affiliate);
        Assert.Equal("other", Channels.Other);
    }

    [Fact]
    public void Classify_NeverThrows_OnHostileInputs_AndAlwaysReturnsAKnownChannel()
    {
        var inputs = HostileInputs.All;
        foreach (var a in inputs)
        {
            var acquisition = AcquisitionParams.FromQuery(a);
            var fromTags = new AcquisitionParams(a, a, a, a, a, a, a);
            Assert.Contains(ChannelClassifier.Classify(a, a, acquisition), Channels.All);
            Assert.Contains(ChannelClassifier.Classify(a, Page, fromTags), Channels.All);
            Assert.Contains(ChannelClassifier.Classify("www.google.com", a, fromTags), Channels.All);
            Assert.Contains(ChannelClassifier.Classify(a, "www.google.com", AcquisitionParams.None), Channels.All);
        }
    }

    [Fact]
    public void Classify_AlwaysReturnsAKnownChannel_ForRandomHosts()
    {
        var random = new Random(11);
        string[] pieces = ["www.", "m.", "google", "facebook", "mail", ".", ".com", ".co.jp", ":", "[", "]", "@", "/", "\0", "\uD800", "\U0001F600", "x", "-"];
        for (var n = 0; n < 3000; n++)
        {
            string Host() => string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => pieces[random.Next(pieces.Length)]));

            Assert.Contains(ChannelClassifier.Classify(Host(), Host(), AcquisitionParams.None), Channels.All);
        }
    }
}
