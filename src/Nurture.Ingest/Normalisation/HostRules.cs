namespace Nurture.Ingest.Normalisation;

/// <summary>
/// Host normalisation and the lists of search engines, social networks and webmail sites used by
/// <see cref="ChannelClassifier"/>. Matching is by suffix on a dot boundary, so "news.google.co.jp"
/// is Google while "notgoogle.com" is not.
/// </summary>
internal static class HostRules
{
    // Past this a "host" is garbage; matching it would only waste time.
    private const int MaxHostLength = 255;

    // Checked before search: mail.google.com, mail.yahoo.co.jp and mail.yandex.ru sit under search domains.
    private static readonly string[] WebmailSuffixes =
    [
        "mail.google.com", "outlook.live.com", "outlook.office.com", "outlook.office365.com",
        "mail.yahoo.com", "mail.yahoo.co.jp", "mail.aol.com", "mail.proton.me", "mail.protonmail.com",
        "mail.zoho.com", "mail.zoho.eu", "e.mail.ru", "email.seznam.cz", "mail.qq.com", "mail.163.com",
        "mail.126.com", "navigator.gmx.net", "icloud.com",
    ];

    // Sites whose first label is one of these are nearly always webmail (ISP and company mail).
    private static readonly HashSet<string> WebmailFirstLabels = new(StringComparer.Ordinal) { "mail", "webmail" };

    // Brands that run one site per country ("google.de", "yahoo.co.jp", "yandex.com.tr").
    private static readonly string[] SearchBrands = ["google", "bing", "yahoo", "yandex"];

    private static readonly string[] SearchSuffixes =
    [
        "duckduckgo.com", "baidu.com", "ecosia.org", "naver.com", "ya.ru", "ask.com", "search.aol.com",
        "seznam.cz", "qwant.com", "startpage.com", "search.brave.com", "so.com", "sogou.com", "sm.cn",
        "search.daum.net", "kagi.com", "mojeek.com", "search.goo.ne.jp", "coccoc.com", "petalsearch.com",
    ];

    // Subdomains of search brands that are products, not search results pages.
    private static readonly HashSet<string> NonSearchSubdomains = new(StringComparer.Ordinal)
    {
        "accounts", "ads", "analytics", "calendar", "chat", "classroom", "cloud", "developers", "docs",
        "drive", "finance", "groups", "login", "mail", "maps", "meet", "myaccount", "photos", "play",
        "sites", "support", "translate",
    };

    private static readonly string[] SocialBrands = ["pinterest"];

    private static readonly string[] SocialSuffixes =
    [
        "facebook.com", "fb.com", "fb.me", "messenger.com", "instagram.com", "threads.net", "threads.com",
        "t.co", "twitter.com", "x.com", "linkedin.com", "lnkd.in", "youtube.com", "youtu.be",
        "reddit.com", "redd.it", "pin.it", "tiktok.com", "snapchat.com", "tumblr.com", "line.me", "lin.ee",
        "note.com", "b.hatena.ne.jp", "mixi.jp", "vk.com", "ok.ru", "weibo.com", "weibo.cn", "quora.com",
        "news.ycombinator.com", "bsky.app", "mastodon.social", "discord.com", "discordapp.com", "t.me",
        "telegram.org", "whatsapp.com", "wa.me", "xing.com",
    ];

    // Second-level labels under country codes that are registries, not sites ("co.uk", "com.au", "ne.jp").
    private static readonly HashSet<string> CountrySecondLevels = new(StringComparer.Ordinal)
    {
        "ac", "co", "com", "ed", "edu", "go", "gob", "gov", "gr", "lg", "ltd", "mil", "ne", "net", "nom",
        "or", "org", "plc",
    };

    // Hosting platforms where every subdomain is a different site owner.
    private static readonly string[] SharedHostingSuffixes =
    [
        "github.io", "gitlab.io", "blogspot.com", "wordpress.com", "herokuapp.com", "vercel.app",
        "netlify.app", "pages.dev", "workers.dev", "web.app", "firebaseapp.com", "appspot.com",
        "azurewebsites.net", "cloudfront.net", "myshopify.com", "wixsite.com", "substack.com",
        "notion.site", "hatenablog.com",
    ];

    /// <summary>
    /// Lower-cases a host and drops what is not part of the name: a scheme and path if a whole URL
    /// was passed, the port, a trailing dot, and a leading "www." or "m.". Null when nothing is left.
    /// </summary>
    public static string? Normalise(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var s = raw.AsSpan().Trim();

        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            // A whole URL: the authority sits between "://" and the first '/', '?' or '#'.
            s = s[(scheme + 3)..];
            var end = s.IndexOfAny('/', '?', '#');
            if (end >= 0) s = s[..end];
            var at = s.LastIndexOf('@');
            if (at >= 0) s = s[(at + 1)..];
        }
        if (s.StartsWith('['))
        {
            // An IPv6 literal keeps its colons; only what follows the ']' is a port.
            var close = s.IndexOf(']');
            if (close > 0) s = s[..(close + 1)];
        }
        else
        {
            var colon = s.IndexOf(':');
            if (colon >= 0) s = s[..colon];
        }
        s = s.TrimEnd('.');
        if (s.IsEmpty || s.Length > MaxHostLength || !ContainsNameCharacter(s)) return null;

        var host = s.ToString().ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal) && host.Length > 4 && host.IndexOf('.', 4) > 0) host = host[4..];
        if (host.StartsWith("m.", StringComparison.Ordinal) && host.IndexOf('.', 2) > 0) host = host[2..];
        return host;
    }

    /// <summary>Classifies a host already passed through <see cref="Normalise"/>.</summary>
    public static HostKind Classify(string host)
    {
        if (IsWebmail(host)) return HostKind.Webmail;
        var labels = host.Split('.');
        if (MatchesAnySuffix(host, SearchSuffixes) || MatchesAnyBrand(labels, SearchBrands, NonSearchSubdomains)) return HostKind.Search;
        if (MatchesAnySuffix(host, SocialSuffixes) || MatchesAnyBrand(labels, SocialBrands, null)) return HostKind.Social;
        return HostKind.Unknown;
    }

    /// <summary>True when both hosts belong to the same site (equal, or same registrable domain).</summary>
    public static bool SameSite(string a, string b) =>
        a == b || RegistrableDomain(a) == RegistrableDomain(b);

    /// <summary>
    /// The domain a site owner registers ("example.co.uk" for "shop.example.co.uk"). Approximated
    /// with common country second levels and shared-hosting suffixes instead of the full Public
    /// Suffix List, which is large and changes often; the cost is the odd exotic suffix.
    /// </summary>
    public static string RegistrableDomain(string host)
    {
        if (host.StartsWith('[') || IsIPv4(host)) return host;

        foreach (var suffix in SharedHostingSuffixes)
        {
            if (host.Length > suffix.Length && IsDotSuffix(host, suffix)) return LastLabels(host, LabelCount(suffix) + 1);
        }

        var lastDot = host.LastIndexOf('.');
        if (lastDot <= 0) return host;
        var secondDot = host.LastIndexOf('.', lastDot - 1);
        var tld = host.AsSpan(lastDot + 1);
        var second = host[(secondDot + 1)..lastDot];
        var labels = tld.Length == 2 && CountrySecondLevels.Contains(second) ? 3 : 2;
        return LastLabels(host, labels);
    }

    private static bool MatchesAnySuffix(string host, string[] suffixes)
    {
        foreach (var suffix in suffixes)
        {
            if (host == suffix || IsDotSuffix(host, suffix)) return true;
        }
        return false;
    }

    private static bool IsWebmail(string host)
    {
        if (MatchesAnySuffix(host, WebmailSuffixes)) return true;
        var firstDot = host.IndexOf('.');
        // Needs a name after the first label: "mail.example.com", not the portal "mail.ru".
        return firstDot > 0 && host.IndexOf('.', firstDot + 1) > 0 && WebmailFirstLabels.Contains(host[..firstDot]);
    }

    /// <summary>
    /// "brand.&lt;country suffix&gt;" and its subdomains, e.g. google.com, google.co.jp, news.google.de;
    /// but not google.example.com, and not a listed product subdomain such as docs.google.com.
    /// </summary>
    private static bool MatchesAnyBrand(string[] labels, string[] brands, HashSet<string>? excludedSubdomains)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if (Array.IndexOf(brands, labels[i]) < 0 || !IsPublicSuffixLike(labels.AsSpan(i + 1))) continue;
            if (excludedSubdomains is not null && i > 0 && excludedSubdomains.Contains(labels[i - 1])) continue;
            return true;
        }
        return false;
    }

    private static bool IsPublicSuffixLike(ReadOnlySpan<string> rest) => rest.Length switch
    {
        1 => IsTopLevelLabel(rest[0]),
        2 => CountrySecondLevels.Contains(rest[0]) && rest[1].Length == 2 && IsTopLevelLabel(rest[1]),
        _ => false,
    };

    // Generic and country top-level domains brands use are two or three letters (com, de, jp).
    private static bool IsTopLevelLabel(string label) =>
        label.Length is 2 or 3 && label.AsSpan().IndexOfAnyExceptInRange('a', 'z') < 0;

    private static bool IsDotSuffix(string host, string suffix) =>
        host.Length > suffix.Length
        && host.EndsWith(suffix, StringComparison.Ordinal)
        && host[host.Length - suffix.Length - 1] == '.';

    private static bool ContainsNameCharacter(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (char.IsAsciiLetterOrDigit(c) || c >= '\u0080') return true;
        }
        return false;
    }

    private static bool IsIPv4(string host)
    {
        var dots = 0;
        foreach (var c in host)
        {
            if (c == '.') dots++;
            else if (!char.IsAsciiDigit(c)) return false;
        }
        return dots == 3;
    }

    private static int LabelCount(string host) => host.AsSpan().Count('.') + 1;

    private static string LastLabels(string host, int count)
    {
        var index = host.Length;
        for (var i = 0; i < count; i++)
        {
            index = index > 0 ? host.LastIndexOf('.', index - 1) : -1;
            if (index < 0) return host;
        }
        return host[(index + 1)..];
    }
}
