namespace Nurture.Email.Tracking;

/// <summary>
/// Security gateways and mail apps that open or follow links before (or instead of) the person.
/// Their hits are stored, flagged, and never scored.
/// </summary>
public static class LinkScanners
{
    private static readonly string[] Markers =
    [
        "barracuda", "mimecast", "proofpoint", "ironport", "fireeye", "trendmicro", "symantec", "forcepoint",
        "safelinks", "microsoft office", "ms-office", "bingpreview", "skypeuripreview", "slackbot", "googlebot",
        "headlesschrome", "python-requests", "curl/", "wget", "go-http-client", "java/", "okhttp", "scanner", "bot",
    ];

    /// <summary>The default of Nurture:Email:ScannerClickWindow: a click this soon after the send is a machine, not a reader.</summary>
    public static readonly TimeSpan DefaultClickWindow = TimeSpan.FromSeconds(2);

    /// <summary>True for a scanner's hit: a HEAD, a click less than <paramref name="clickWindow"/> after the send, or a machine's user agent.</summary>
    public static bool IsScanner(string? userAgent, string method, TimeSpan sinceSend, TimeSpan clickWindow)
    {
        if (method is "HEAD" || sinceSend < clickWindow) return true;
        if (string.IsNullOrWhiteSpace(userAgent)) return true;
        var ua = userAgent.ToLowerInvariant();
        return Markers.Any(ua.Contains);
    }
}
