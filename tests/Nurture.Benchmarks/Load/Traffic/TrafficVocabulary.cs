namespace Nurture.Benchmarks.Load.Traffic;

/// <summary>
/// What the simulated visitors look like: real browser user agents (no bots, which never become
/// leads), the pages of a product site, and where visits come from. Earlier entries are more popular.
/// </summary>
public static class TrafficVocabulary
{
    public static IReadOnlyList<string> UserAgents { get; } =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    ];

    public sealed record Page(string Path, string Title);

    public static IReadOnlyList<Page> Pages { get; } =
    [
        new("/", "Nurture - marketing automation that knows your buyers"),
        new("/pricing", "Pricing"),
        new("/features/lead-scoring", "Lead scoring"),
        new("/blog/nurture-emails-that-convert", "Nurture emails that convert"),
        new("/demo", "Book a demo"),
        new("/docs/getting-started", "Getting started"),
        new("/customers/acme", "How ACME doubled its pipeline"),
        new("/integrations/salesforce", "Salesforce integration"),
        new("/blog/utm-parameters-guide", "A practical guide to UTM parameters"),
        new("/contact", "Contact us"),
        new("/careers", "Careers"),
        new("/legal/privacy", "Privacy policy"),
    ];

    /// <summary>A landing's query string (without '?') and referrer; empty when there is none.</summary>
    public sealed record Source(string Query, string Referrer);

    public static IReadOnlyList<Source> Sources { get; } =
    [
        new("", "https://www.google.com/"),
        new("", ""),
        new("utm_source=google&utm_medium=cpc&utm_campaign=brand-search&utm_term=marketing+automation&gclid=Cj0KCQiA4L67BhDUARIsADWrl7H", "https://www.google.com/"),
        new("utm_source=newsletter&utm_medium=email&utm_campaign=2026-11-digest&utm_content=hero-cta", ""),
        new("utm_source=linkedin&utm_medium=paid_social&utm_campaign=webinar-q4", "https://www.linkedin.com/"),
        new("", "https://www.linkedin.com/feed/"),
        new("", "https://news.ycombinator.com/item?id=41234567"),
        new("fbclid=IwAR3xQz1kP9v", "https://l.facebook.com/"),
        new("utm_source=partner-blog&utm_medium=referral&utm_campaign=integration-launch", "https://blog.partner.example/posts/integrations"),
        new("", "https://duckduckgo.com/"),
    ];

    public static IReadOnlyList<(string Key, string Value)> TimeZones { get; } =
    [
        ("tz", "Europe/Paris"), ("tz", "America/New_York"), ("tz", "Europe/London"), ("tz", "Asia/Tokyo"), ("tz", "America/Los_Angeles"),
    ];
}
