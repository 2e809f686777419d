using System.Security.Cryptography;
using System.Text;

namespace Nurture.Abstractions.Leads;

/// <summary>
/// Lead ids for anonymous visitors are derived from (site, visitor id), so ingest can stamp every event
/// with its lead without a lookup, and a replay after a crash stamps the same id again.
/// </summary>
public static class LeadIds
{
    public static Guid ForVisitor(Guid siteId, string visitorId)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(visitorId.Length)];
        siteId.TryWriteBytes(input);
        var length = 16 + Encoding.UTF8.GetBytes(visitorId, input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..length], hash);
        // Mark it as a name-based (version 5 style) UUID so it never collides with random v4 ids.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>The key of a visitor's index grain: site and visitor id, which is only unique per site.</summary>
    public static string VisitorKey(Guid siteId, string visitorId) => $"{siteId:N}:{visitorId}";
}
