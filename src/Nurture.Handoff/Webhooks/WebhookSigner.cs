using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nurture.Handoff.Webhooks;

/// <summary>
/// Signs webhook bodies: `Nurture-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;`. The
/// timestamp is inside the MAC so a receiver can refuse old (replayed) deliveries.
/// </summary>
public sealed class WebhookSigner(Func<string> secret)
{
    public const string Header = "Nurture-Signature";

    public WebhookSigner(string secret) : this(() => secret)
    {
    }

    /// <summary>The secret receivers verify with: the operator's, or "whsec_" and the cluster's key in hex.</summary>
    public string Secret => secret();

    public string Sign(string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>
    /// The configured secret, or one made from the cluster's key, which is made once and kept in PostgreSQL
    /// (<paramref name="clusterKey"/> is read when first used, after the database step at start-up).
    /// </summary>
    public static WebhookSigner Create(string? configured, Func<byte[]> clusterKey) =>
        !string.IsNullOrEmpty(configured) ? new WebhookSigner(configured) : new WebhookSigner(() => "whsec_" + Convert.ToHexStringLower(clusterKey()));
}
