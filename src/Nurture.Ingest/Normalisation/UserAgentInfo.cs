namespace Nurture.Ingest.Normalisation;

/// <summary>What a User-Agent header says about the client; see <see cref="UserAgentClassifier"/>.</summary>
/// <param name="DeviceClass">"desktop", "mobile", "tablet", "bot" or "unknown".</param>
/// <param name="Browser">"Chrome", "Edge", "Firefox", "Safari", "Opera", "Samsung Internet", "IE", "Other" or "Unknown".</param>
/// <param name="Os">"Windows", "macOS", "iOS", "iPadOS", "Android", "Linux", "ChromeOS", "Other" or "Unknown".</param>
/// <param name="IsBot">True for crawlers, scripts, headless browsers, link-preview fetchers and a missing header.</param>
public sealed record UserAgentInfo(string DeviceClass, string Browser, string Os, bool IsBot);
