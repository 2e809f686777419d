namespace Nurture.Email.Tracking;

/// <summary>
/// Opens that a machine made for the reader: mail-privacy proxies (Apple Mail Privacy Protection, Google's and
/// Yahoo's image proxies) fetch every image when the message arrives or through a cache, and security gateways
/// prefetch it. Such an open says the mail arrived, not that anyone read it: stored, flagged, and counted apart.
/// </summary>
public static class MailProxies
{
    private static readonly string[] Markers =
    [
        "googleimageproxy", "ggpht.com", "yahoomailproxy", "yahoo mail proxy", "ymailproxy", "outlook-proxy", "front/", "superhuman",
        "barracuda", "mimecast", "proofpoint", "ironport", "fireeye", "trendmicro", "symantec", "forcepoint",
        "headlesschrome", "python-requests", "curl/", "wget", "go-http-client", "java/", "okhttp", "scanner", "bot", "preview",
    ];

    /// <summary>The default of Nurture:Email:ProxyOpenWindow: an open this soon after the send is a prefetch on delivery.</summary>
    public static readonly TimeSpan DefaultOpenWindow = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True for a machine's open: one less than <paramref name="openWindow"/> after the send, no user agent, a bare
    /// "Mozilla/5.0" (what Apple's privacy proxy sends), or a proxy's or scanner's user agent.
    /// </summary>
    public static bool IsProxyOpen(string? userAgent, TimeSpan sinceSend, TimeSpan openWindow)
    {
        if (sinceSend < openWindow) return true;
        if (string.IsNullOrWhiteSpace(userAgent)) return true;
        var ua = userAgent.Trim().ToLowerInvariant();
        if (ua == "mozilla/5.0") return true;
        return Markers.Any(ua.Contains);
    }
}
