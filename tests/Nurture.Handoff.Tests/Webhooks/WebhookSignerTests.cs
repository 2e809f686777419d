using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Nurture.Handoff.Webhooks;

namespace Nurture.Handoff.Tests.Webhooks;

/// <summary>The Nurture-Signature header, `t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;`, and checking it as a receiver would.</summary>
public sealed class WebhookSignerTests
{
    private const string Secret = "whsec_test";
    private const string Body = """{"type":"lead.hot"}""";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    /// <summary>What a receiver does (the README's example): parse, recompute, compare in constant time, refuse old timestamps.</summary>
    private static bool Verify(string secret, string header, string body, DateTimeOffset now)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var t = long.Parse(parts["t"], CultureInfo.InvariantCulture);
        if (Math.Abs(now.ToUnixTimeSeconds() - t) > 300) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{body}"));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(parts["v1"]));
    }

    [Fact]
    public void Sign_IsTheTimestampAndTheHmacOfTimestampDotBody_InLowerHex()
    {
        var header = new WebhookSigner(Secret).Sign(Body, At);

        var mac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1800000000." + Body)));
        Assert.Equal($"t=1800000000,v1={mac}", header);
        Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", header);
    }

    [Fact]
    public void Sign_VerifiesWithTheSameSecretAndBody_AndNothingElse()
    {
        var header = new WebhookSigner(Secret).Sign(Body, At);

        Assert.True(Verify(Secret, header, Body, At.AddSeconds(30)));
        Assert.False(Verify("whsec_other", header, Body, At));
        Assert.False(Verify(Secret, header, Body + " ", At));
        Assert.False(Verify(Secret, header.Replace("t=1800000000", "t=1800000001"), Body, At));
    }

    [Fact]
    public void Sign_AnOldSignature_IsRefusedByAReceiverThatChecksTheTime() =>
        Assert.False(Verify(Secret, new WebhookSigner(Secret).Sign(Body, At), Body, At.AddMinutes(6)));

    [Fact]
    public void Create_ConfiguredSecret_IsUsedAsItIs()
    {
        var signer = WebhookSigner.Create("operator-secret", () => throw new InvalidOperationException("the cluster key is not needed"));

        Assert.Equal("operator-secret", signer.Secret);
    }

    [Fact]
    public void Create_NoSecretConfigured_UsesTheClusterKey_ReadWhenFirstNeeded()
    {
        var reads = 0;
        var signer = WebhookSigner.Create(null, () => { reads++; return [0x0a, 0xff]; });

        Assert.Equal(0, reads);
        Assert.Equal("whsec_0aff", signer.Secret);
        Assert.True(Verify("whsec_0aff", signer.Sign(Body, At), Body, At));
    }
}
