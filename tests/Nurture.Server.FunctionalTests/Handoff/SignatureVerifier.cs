using System.Security.Cryptography;
using System.Text;

namespace Nurture.Server.FunctionalTests.Handoff;

/// <summary>
/// What a customer writes to check a Nurture webhook (the README's example): the HMAC of "t.body"
/// must match, compared in constant time, and t must be within five minutes so a captured request
/// replayed later is refused.
/// </summary>
public static class SignatureVerifier
{
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now)
    {
        if (header is null) return false;
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, out var seconds) || !parts.TryGetValue("v1", out var v1)) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        byte[] given;
        try { given = Convert.FromHexString(v1); } catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
