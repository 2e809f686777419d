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

    /// <summary>A click within this long of the send is a machine, not a reader.</summary>
    public static readonly TimeSpan TooFast = TimeSpan.FromSeconds(2);

    public static bool IsScanner(string? userAgent, string method, TimeSpan sinceSend)
    {
        if (method is "HEAD" || sinceSend < TooFast) return true;
        if (string.IsNullOrWhiteSpace(userAgent)) return true;
        var ua = userAgent.ToLowerInvariant();
        return Markers.Any(ua.Contains);
    }
}
