using Nurture.Ingest.Normalisation;

namespace Nurture.Ingest.Tests.Normalisation;

public sealed class UserAgentClassifierTests
{
    [Theory]
    // Desktop browsers.
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "desktop", "Chrome", "Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "desktop", "Chrome", "macOS")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "desktop", "Chrome", "Linux")]
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "desktop", "Chrome", "ChromeOS")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
        "desktop", "Safari", "macOS")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "desktop", "Firefox", "Linux")]
    [InlineData("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0",
        "desktop", "Firefox", "Linux")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "desktop", "Firefox", "Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0",
        "desktop", "Firefox", "macOS")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
        "desktop", "Edge", "Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
        "desktop", "Edge", "macOS")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19582",
        "desktop", "Edge", "Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0",
        "desktop", "Opera", "Windows")]
    [InlineData("Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.18",
        "desktop", "Opera", "Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
        "desktop", "IE", "Windows")]
    [InlineData("Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)",
        "desktop", "IE", "Windows")]
    [InlineData("Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.1; Tablet PC 2.0)",
        "desktop", "IE", "Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 YaBrowser/24.4.0.0 Safari/537.36",
        "desktop", "Other", "Windows")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Vivaldi/6.7.3329.21",
        "desktop", "Other", "Linux")]
    // Phones.
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
        "mobile", "Safari", "iOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
        "mobile", "Chrome", "iOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15",
        "mobile", "Firefox", "iOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 EdgiOS/124.0.2478.89 Mobile/15E148 Safari/604.1",
        "mobile", "Edge", "iOS")]
    [InlineData("Mozilla/5.0 (iPod touch; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Mobile/15E148 Safari/604.1",
        "mobile", "Safari", "iOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/460.0.0.42.106;FBBV/595432412;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBLC/en_US;FBOP/5]",
        "mobile", "Other", "iOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
        "mobile", "Chrome", "Android")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
        "mobile", "Chrome", "Android")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
        "mobile", "Samsung Internet", "Android")]
    [InlineData("Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0",
        "mobile", "Firefox", "Android")]
    [InlineData("Mozilla/5.0 (Linux; Android 10; HD1913) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36 EdgA/124.0.2478.64",
        "mobile", "Edge", "Android")]
    [InlineData("Mozilla/5.0 (Linux; Android 10; VOG-L29) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 OPR/81.1.4292.78446",
        "mobile", "Opera", "Android")]
    [InlineData("Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
        "mobile", "Chrome", "Android")]
    [InlineData("Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebkit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
        "mobile", "Other", "Android")]
    [InlineData("Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.14977",
        "mobile", "Edge", "Other")]
    // Tablets.
    [InlineData("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
        "tablet", "Safari", "iPadOS")]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
        "tablet", "Chrome", "iPadOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "tablet", "Chrome", "Android")]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Safari/537.36",
        "tablet", "Samsung Internet", "Android")]
    [InlineData("Mozilla/5.0 (Android 14; Tablet; rv:125.0) Gecko/125.0 Firefox/125.0",
        "tablet", "Firefox", "Android")]
    [InlineData("Mozilla/5.0 (Linux; Android 9; KFMAWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/124.4.1 like Chrome/124.0.6367.179 Safari/537.36",
        "tablet", "Other", "Android")]
    // Neither: televisions, native apps.
    [InlineData("Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36",
        "unknown", "Other", "Other")]
    [InlineData("MyShop/3.2.1 CFNetwork/1408.0.4 Darwin/22.5.0",
        "unknown", "Unknown", "Unknown")]
    public void Classify_RealBrowsers(string userAgent, string device, string browser, string os)
    {
        Assert.Equal(new UserAgentInfo(device, browser, os, false), UserAgentClassifier.Classify(userAgent));
    }

    [Fact]
    public void Classify_IPadInDesktopMode_IsIndistinguishableFromMacSafari()
    {
        // iPadOS 13+ requests desktop sites with exactly the macOS Safari header; documented limit.
        const string iPadDesktopMode =
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";

        Assert.Equal(new UserAgentInfo("desktop", "Safari", "macOS", false), UserAgentClassifier.Classify(iPadDesktopMode));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/124.0.6367.155 Safari/537.36")]
    [InlineData("Googlebot-Image/1.0")]
    [InlineData("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")]
    [InlineData("Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)")]
    [InlineData("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)")]
    [InlineData("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)")]
    [InlineData("Mozilla/5.0 (compatible; DuckDuckBot-Https/1.1; https://duckduckgo.com/duckduckbot)")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)")]
    [InlineData("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)")]
    [InlineData("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)")]
    [InlineData("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)")]
    [InlineData("Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)")]
    [InlineData("Mozilla/5.0 (compatible; Google-InspectionTool/1.0;)")]
    [InlineData("Mediapartners-Google")]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")]
    [InlineData("meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)")]
    [InlineData("Twitterbot/1.0")]
    [InlineData("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    [InlineData("Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)")]
    [InlineData("WhatsApp/2.23.20.0")]
    [InlineData("TelegramBot (like TwitterBot)")]
    [InlineData("Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com")]
    [InlineData("Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36")]
    [InlineData("Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Puppeteer")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Playwright/1.44")]
    [InlineData("curl/8.5.0")]
    [InlineData("Wget/1.21.4")]
    [InlineData("python-requests/2.31.0")]
    [InlineData("Python-urllib/3.11")]
    [InlineData("Go-http-client/1.1")]
    [InlineData("Go-http-client/2.0")]
    [InlineData("Java/17.0.2")]
    [InlineData("okhttp/4.12.0")]
    [InlineData("axios/1.6.8")]
    [InlineData("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)")]
    [InlineData("Apache-HttpClient/4.5.14 (Java/17.0.9)")]
    [InlineData("PostmanRuntime/7.37.3")]
    [InlineData("Scrapy/2.11.1 (+https://scrapy.org)")]
    [InlineData("Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)")]
    public void Classify_Bot_ForCrawlersScriptsAndPreviewFetchers(string userAgent)
    {
        var info = UserAgentClassifier.Classify(userAgent);

        Assert.True(info.IsBot);
        Assert.Equal("bot", info.DeviceClass);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Other", "Unknown")]
    [InlineData("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Chrome", "Android")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36", "Chrome", "Linux")]
    [InlineData("curl/8.5.0", "Unknown", "Unknown")]
    public void Classify_Bot_KeepsTheBrowserAndOsItClaims(string userAgent, string browser, string os)
    {
        Assert.Equal(new UserAgentInfo("bot", browser, os, true), UserAgentClassifier.Classify(userAgent));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void Classify_Bot_WhenUserAgentIsMissing(string? userAgent)
    {
        Assert.Equal(new UserAgentInfo("bot", "Unknown", "Unknown", true), UserAgentClassifier.Classify(userAgent));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36")]
    [InlineData("Mozilla/5.0 (Linux; Android 11; Cubot_NOTE_20) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edge/44.18363.8131")]
    public void Classify_NotBot_ForPhoneBrandsThatContainBot(string userAgent)
    {
        Assert.False(UserAgentClassifier.Classify(userAgent).IsBot);
    }

    [Fact]
    public void Classify_CubotPhoneThatIsAlsoACrawler_IsStillABot()
    {
        Assert.True(UserAgentClassifier.Classify("Mozilla/5.0 (Linux; Android 9; CUBOT X19) Chrome/124.0 Mobile Safari/537.36 SomeBot/1.0").IsBot);
    }

    [Fact]
    public void Classify_ConsoleIsNotDesktop()
    {
        var info = UserAgentClassifier.Classify(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edge/44.18363.8131");

        Assert.Equal(new UserAgentInfo("unknown", "Edge", "Windows", false), info);
    }

    [Fact]
    public void Classify_DoesNotMistakeMicrosoftForChromeOs()
    {
        var info = UserAgentClassifier.Classify("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)");

        Assert.Equal("Windows", info.Os);
        Assert.False(info.IsBot);
    }

    [Fact]
    public void Classify_ExaminesOnlyTheFirst1024Characters()
    {
        const string chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
        var padded = chrome + new string(' ', 1024) + "Googlebot/2.1";

        Assert.Equal(new UserAgentInfo("desktop", "Chrome", "Windows", false), UserAgentClassifier.Classify(padded));
    }

    [Fact]
    public void Classify_TreatsLeadingWhitespaceOver1024CharactersAsMissing()
    {
        var info = UserAgentClassifier.Classify(new string(' ', 2048) + "Mozilla/5.0 (Windows NT 10.0) Chrome/124.0 Safari/537.36");

        Assert.True(info.IsBot);
    }

    [Fact]
    public void Classify_HandlesA10KbUserAgent()
    {
        var huge = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1 "
            + new string('x', 10 * 1024);

        Assert.Equal(new UserAgentInfo("mobile", "Safari", "iOS", false), UserAgentClassifier.Classify(huge));
    }

    [Fact]
    public void Classify_NeverThrows_OnHostileInputs_AndKeepsInvariants()
    {
        foreach (var input in HostileInputs.All)
        {
            AssertInvariants(UserAgentClassifier.Classify(input));
            AssertInvariants(UserAgentClassifier.Classify("Mozilla/5.0 (" + input + ") Chrome/1 Safari/1"));
        }
    }

    [Fact]
    public void Classify_KeepsInvariants_ForRandomHeaders()
    {
        var random = new Random(3);
        string[] pieces =
        [
            "Mozilla/5.0 ", "(", ")", "; ", "iPad", "iPhone", "Android", "Mobile", "Tablet", "Windows NT 10.0", "Macintosh", "CrOS",
            "Linux", "X11", "Chrome/1", "Edg/1", "OPR/1", "SamsungBrowser/1", "Firefox/1", "Safari/1", "Version/1", "Trident/7.0",
            "bot", "cu", "CUBOT", "curl/", "SMART-TV", "\0", "\uD800", "\U0001F600", " ",
        ];
        for (var n = 0; n < 3000; n++)
        {
            var ua = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => pieces[random.Next(pieces.Length)]));

            AssertInvariants(UserAgentClassifier.Classify(ua));
        }
    }

    private static readonly string[] DeviceClasses = ["desktop", "mobile", "tablet", "bot", "unknown"];
    private static readonly string[] Browsers = ["Chrome", "Edge", "Firefox", "Safari", "Opera", "Samsung Internet", "IE", "Other", "Unknown"];
    private static readonly string[] OperatingSystems = ["Windows", "macOS", "iOS", "iPadOS", "Android", "Linux", "ChromeOS", "Other", "Unknown"];

    private static void AssertInvariants(UserAgentInfo info)
    {
        Assert.Contains(info.DeviceClass, DeviceClasses);
        Assert.Contains(info.Browser, Browsers);
        Assert.Contains(info.Os, OperatingSystems);
        Assert.Equal(info.IsBot, info.DeviceClass == "bot");
    }

    [Fact]
    public void Classify_TheSameHeaderAgain_GivesTheRememberedAnswer()
    {
        var header = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15 #" + Guid.NewGuid();

        var first = UserAgentClassifier.Classify(header);
        var again = UserAgentClassifier.Classify(new string(header.AsSpan()));

        Assert.Equal(new UserAgentInfo("desktop", "Safari", "macOS", false), first);
        Assert.Same(first, again);
    }

    [Fact]
    public void Classify_ManyDistinctHeaders_AllRight_WhileTheRememberedOnesStartOver()
    {
        // More distinct headers than the classifier remembers, the bots among them interleaved.
        for (var i = 0; i < 10_000; i++)
        {
            var bot = i % 7 == 0;
            var header = bot
                ? $"Mozilla/5.0 (compatible; Crawler{i}/1.0; +http://example.com/bot)"
                : $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{i}.0.0.0 Safari/537.36";

            var info = UserAgentClassifier.Classify(header);

            Assert.Equal(bot, info.IsBot);
            if (!bot) Assert.Equal(new UserAgentInfo("desktop", "Chrome", "Windows", false), info);
            Assert.Equal(info, UserAgentClassifier.Classify(header));
        }
    }
}
