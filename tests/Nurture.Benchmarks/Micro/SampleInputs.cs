using System.Text.Json;
using Nurture.Abstractions.Events;
using Nurture.Benchmarks.Load.Traffic;
using Nurture.Ingest.Normalisation;
using Nurture.Ingest.Pipeline;
using Nurture.Spool;
using Nurture.Ingest.Wire;

namespace Nurture.Benchmarks.Micro;

/// <summary>
/// Real-looking inputs for the micro-benchmarks: landings from ads, newsletters, search and social
/// with their genuine parameter shapes, internal navigation, and real browser and bot user agents.
/// </summary>
public static class SampleInputs
{
    public static readonly Site Site = new(Guid.Parse("5b0f6a52-8d1e-4c43-9a55-0c3a4f2b7e11"), "sk_benchbenchbenchbenchbenc", "Bench", [], DateTimeOffset.UnixEpoch);

    /// <summary>(page URL, referrer) pairs as browsers send them.</summary>
    public static IReadOnlyList<(string Url, string? Referrer)> Pages { get; } =
    [
        ("https://www.acme-analytics.com/pricing?utm_source=google&utm_medium=cpc&utm_campaign=brand-search&utm_term=marketing%20automation&gclid=Cj0KCQiA4L67BhDUARIsADWrl7HkZ9X2mFq", "https://www.google.com/"),
        ("https://www.acme-analytics.com/blog/nurture-emails-that-convert?utm_source=newsletter&utm_medium=email&utm_campaign=2026-11-digest&utm_content=hero-cta", null),
        ("https://www.acme-analytics.com/", "https://www.google.com/"),
        ("https://www.acme-analytics.com/webinars/q4?utm_source=linkedin&utm_medium=paid_social&utm_campaign=webinar-q4&li_fat_id=3f1c9e2a-77b0-4d1e", "https://www.linkedin.com/"),
        ("https://www.acme-analytics.com/features/lead-scoring", "https://www.acme-analytics.com/"),
        ("https://www.acme-analytics.com/demo#form", null),
        ("https://www.acme-analytics.com/customers/acme?fbclid=IwAR3xQz1kP9vH2sLq0bN8rT", "https://l.facebook.com/"),
        ("https://www.acme-analytics.com/docs/getting-started", "https://news.ycombinator.com/item?id=41234567"),
    ];

    /// <summary>The load test's browsers plus the crawlers and scripts that must be told apart from them.</summary>
    public static IReadOnlyList<string> UserAgents { get; } =
    [
        .. TrafficVocabulary.UserAgents,
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.139 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.5.0",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
    ];

    /// <summary>One validated page view per sample page, as the pixel would produce it.</summary>
    public static IncomingEvent[] IncomingEvents() =>
        Pages.Select((page, i) =>
        {
            var query = $"siteKey={Site.Key}&visitorId=v{1000 + i}&eventId=e{i}&type=page_view&url={Uri.EscapeDataString(page.Url)}&title=Pricing" +
                        (page.Referrer is null ? "" : $"&referrer={Uri.EscapeDataString(page.Referrer)}") + "&p.tz=Europe%2FParis";
            return PixelQueryParser.Parse(query).Event ?? throw new InvalidOperationException($"sample {i} does not validate");
        }).ToArray();

    public static ClientContext Context() => new(TrafficVocabulary.UserAgents[0], "203.0.113.0", null, DateTimeOffset.UtcNow);

    public static TrackedEvent[] TrackedEvents()
    {
        var context = Context();
        var agent = UserAgentClassifier.Classify(context.UserAgent);
        return IncomingEvents().Select(e => EventNormaliser.Normalise(e, Site, context, agent)).ToArray();
    }

    /// <summary>The spool payload of each sample event (what ingest appends).</summary>
    public static byte[][] SpoolPayloads() =>
        TrackedEvents().Select(e => JsonSerializer.SerializeToUtf8Bytes(e, SpoolJson.Writer)).ToArray();
}
