using Nurture.Spool;

namespace Nurture.Ingest.Normalisation;

/// <summary>
/// Coarse device, browser, OS and bot classification of a User-Agent header, by token matching.
/// Only the first 1024 characters are examined so hostile headers cost a bounded amount of work.
/// </summary>
/// <remarks>
/// Known limit: iPadOS 13+ Safari asks for desktop sites by default and then sends exactly the
/// macOS Safari header ("Macintosh; Intel Mac OS X"), so such iPads are reported as desktop macOS.
/// Only client hints or touch detection in the page could tell them apart.
/// Bots keep the browser and OS their header claims (Googlebot smartphone says Chrome on Android)
/// but always get the device class "bot".
/// </remarks>
public static class UserAgentClassifier
{
    private const int MaxExamined = 1024;
    // A site's visitors send a few hundred distinct headers, each again and again: classify each once.
    // Real headers are under 512 characters; the bound keeps the table small under hostile ones.
    private const int MaxRemembered = 512;
    private static readonly StartOverTable<UserAgentInfo> Known = new(4_096);

    private const string Desktop = "desktop";
    private const string Mobile = "mobile";
    private const string Tablet = "tablet";
    private const string BotDevice = "bot";
    private const string UnknownDevice = "unknown";
    private const string Other = "Other";
    private const string Unknown = "Unknown";

    // No header at all is what scripts send; browsers always send one.
    private static readonly UserAgentInfo Missing = new(BotDevice, Unknown, Unknown, true);

    // Matched case-insensitively anywhere in the header. "bot" itself is handled separately.
    private static readonly string[] BotMarkers =
    [
        "crawl", "spider", "slurp", "facebookexternalhit", "facebookcatalog", "meta-externalagent",
        "meta-externalfetcher", "mediapartners-google", "apis-google", "feedfetcher", "google-inspectiontool",
        "googleother", "google-read-aloud", "chatgpt-user", "ia_archiver", "curl/", "wget", "python-requests",
        "python-urllib", "aiohttp", "httpx", "scrapy", "libwww-perl", "go-http-client", "java/", "okhttp",
        "axios", "node-fetch", "undici", "apache-httpclient", "postmanruntime", "insomnia", "httpie",
        "http.rb/", "headless", "phantomjs", "puppeteer", "playwright", "selenium", "lighthouse",
        "whatsapp", "skypeuripreview", "bingpreview", "embedly", "iframely", "vkshare", "pingdom",
        "slack-imgproxy",
    ];

    // Televisions and consoles run full browsers but are neither desktops nor handhelds.
    private static readonly string[] LivingRoomMarkers =
        ["SMART-TV", "SmartTV", "HbbTV", "Web0S", "CrKey", "AppleTV", "GoogleTV", "BRAVIA", "Xbox", "PlayStation", "Nintendo"];

    // Operating systems we recognise but do not report by name.
    private static readonly string[] OtherOsMarkers =
        ["Windows Phone", "Tizen", "KAIOS", "KaiOS", "FreeBSD", "OpenBSD", "NetBSD", "SunOS", "BlackBerry", "BB10", "PlayStation", "Nintendo", "webOS", "Web0S", "Symbian", "SymbOS"];

    // Chromium-based browsers and in-app web views that would otherwise pass for Chrome or Safari.
    private static readonly string[] OtherBrowserMarkers =
    [
        "YaBrowser/", "Vivaldi/", "UCBrowser/", "UCWEB", "MiuiBrowser/", "Whale/", "QQBrowser/", "Silk/",
        "FBAN/", "FBAV/", "Instagram ", "Line/", "MicroMessenger/",
    ];

    /// <summary>Classifies a User-Agent header. Never throws.</summary>
    public static UserAgentInfo Classify(string? userAgent)
    {
        if (userAgent is null) return Missing;
        if (Known.TryGet(userAgent, out var known)) return known;
        var info = ClassifyAfresh(userAgent);
        return userAgent.Length <= MaxRemembered ? Known.Add(userAgent, info) : info;
    }

    private static UserAgentInfo ClassifyAfresh(string userAgent)
    {
        var ua = userAgent.AsSpan(0, Math.Min(userAgent.Length, MaxExamined)).Trim();
        if (ua.IsEmpty) return Missing;

        var isBot = IsBot(ua);
        var os = DetectOs(ua);
        var browser = DetectBrowser(ua, os);
        var device = isBot ? BotDevice : DetectDevice(ua, os);
        return new UserAgentInfo(device, browser, os, isBot);
    }

    private static bool IsBot(ReadOnlySpan<char> ua)
    {
        if (ContainsBotWord(ua)) return true;
        foreach (var marker in BotMarkers)
        {
            if (ua.Contains(marker, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    // "bot" catches Googlebot, bingbot, Slackbot, Discordbot and the long tail, but also the
    // CUBOT phone brand, which is a real person on Android.
    private static bool ContainsBotWord(ReadOnlySpan<char> ua)
    {
        var offset = 0;
        while (offset < ua.Length)
        {
            var index = ua[offset..].IndexOf("bot", StringComparison.OrdinalIgnoreCase);
            if (index < 0) return false;
            var at = offset + index;
            if (at < 2 || !ua.Slice(at - 2, 2).Equals("cu", StringComparison.OrdinalIgnoreCase)) return true;
            offset = at + 3;
        }
        return false;
    }

    private static string DetectOs(ReadOnlySpan<char> ua)
    {
        // Order matters: iOS says "like Mac OS X", Android and ChromeOS say "Linux".
        if (Has(ua, "iPad")) return "iPadOS";
        if (Has(ua, "iPhone") || Has(ua, "iPod")) return "iOS";
        if (Has(ua, "CrOS")) return "ChromeOS";
        if (HasAny(ua, OtherOsMarkers)) return Other;
        if (Has(ua, "Android")) return "Android";
        if (Has(ua, "Macintosh") || Has(ua, "Mac OS X")) return "macOS";
        if (Has(ua, "Windows")) return "Windows";
        if (Has(ua, "Linux") || Has(ua, "X11")) return "Linux";
        return Unknown;
    }

    private static string DetectBrowser(ReadOnlySpan<char> ua, string os)
    {
        // Order matters: Edge, Opera and Samsung Internet all also claim Chrome; Chrome claims Safari.
        if (Has(ua, "Edg/") || Has(ua, "EdgA/") || Has(ua, "EdgiOS/") || Has(ua, "Edge/")) return "Edge";
        if (Has(ua, "OPR/") || Has(ua, "OPiOS/") || Has(ua, "OPT/") || Has(ua, "Opera")) return "Opera";
        if (Has(ua, "SamsungBrowser/")) return "Samsung Internet";
        if (Has(ua, "Firefox/") || Has(ua, "FxiOS/")) return "Firefox";
        if (Has(ua, "MSIE ") || Has(ua, "Trident/")) return "IE";
        if (HasAny(ua, OtherBrowserMarkers)) return Other;
        if (Has(ua, "Chrome/") || Has(ua, "CriOS/") || Has(ua, "Chromium/")) return "Chrome";
        // Real Safari always sends "Version/"; the old Android browser does too, so exclude Android.
        if (Has(ua, "Safari/") && Has(ua, "Version/") && os != "Android") return "Safari";
        // A header shaped like a browser's is some other browser; anything else names no browser.
        return ua.StartsWith("Mozilla/", StringComparison.Ordinal) || ua.StartsWith("Opera/", StringComparison.Ordinal) ? Other : Unknown;
    }

    private static string DetectDevice(ReadOnlySpan<char> ua, string os)
    {
        if (HasAny(ua, LivingRoomMarkers)) return UnknownDevice;
        switch (os)
        {
            case "iPadOS":
                return Tablet;
            case "iOS":
                return Mobile;
            case "Android":
                // Android phones say "Mobile"; tablets leave it out (Firefox says "Tablet").
                return Has(ua, "Mobile") ? Mobile : Tablet;
        }
        if (Has(ua, "Mobi") || Has(ua, "Opera Mini") || Has(ua, "IEMobile") || Has(ua, "BlackBerry") || Has(ua, "Windows Phone")) return Mobile;
        // Before the "Tablet" check: old Windows headers carry "Tablet PC 2.0" on ordinary PCs.
        if (os is "Windows" or "macOS" or "Linux" or "ChromeOS") return Desktop;
        return Has(ua, "Tablet") || Has(ua, "Kindle") || Has(ua, "PlayBook") ? Tablet : UnknownDevice;
    }

    // Browser and OS tokens are matched case-sensitively: ignoring case would let "CrOS" match "Microsoft".
    private static bool Has(ReadOnlySpan<char> ua, string token) => ua.Contains(token, StringComparison.Ordinal);

    private static bool HasAny(ReadOnlySpan<char> ua, string[] tokens)
    {
        foreach (var token in tokens)
        {
            if (Has(ua, token)) return true;
        }
        return false;
    }
}
