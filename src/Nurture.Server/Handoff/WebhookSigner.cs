using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nurture.Server.Handoff;

/// <summary>
/// Signs webhook bodies: `Nurture-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;`. The
/// timestamp is inside the MAC so a receiver can refuse old (replayed) deliveries.
/// </summary>
public sealed class WebhookSigner(string secret)
{
    public const string Header = "Nurture-Signature";
    private readonly byte[] key = Encoding.UTF8.GetBytes(secret);

    public string Secret { get; } = secret;

    public string Sign(string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>The configured secret, or one made once for the cluster and kept in PostgreSQL.</summary>
    public static async Task<WebhookSigner> CreateAsync(string? configured, string connectionString)
    {
        if (!string.IsNullOrEmpty(configured)) return new WebhookSigner(configured);
        var bytes = await Email.SecretStore.GetOrCreateAsync(connectionString, "webhook");
        return new WebhookSigner("whsec_" + Convert.ToHexStringLower(bytes));
    }
}
