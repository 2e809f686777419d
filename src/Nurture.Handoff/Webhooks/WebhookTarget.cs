namespace Nurture.Handoff.Webhooks;

/// <summary>What a webhook URL must be: absolute http(s), and no user name or password in it (they would leak into logs).</summary>
public static class WebhookTarget
{
    /// <summary>Null when the URL is acceptable, otherwise why not.</summary>
    public static string? Problem(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return "must be an absolute URL";
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return "must be an http or https URL";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "must not contain credentials";
        return null;
    }
}
