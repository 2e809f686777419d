using System.Security.Cryptography;
using System.Text;

namespace Nurture.Abstractions.Leads;

/// <summary>
/// How a lead is named where its id must not be kept: the log, the erasure record and ClickHouse's
/// erasure mutations. The hash is SHA-256 of the id's 36-character lower-case form, which PostgreSQL
/// (<c>sha256(convert_to(id::text, 'UTF8'))</c>) and ClickHouse (<c>SHA256(toString(id))</c>) compute
/// alike. Log lines carry its first 12 hex digits: <c>printf %s &lt;id&gt; | sha256sum | cut -c1-12</c>
/// finds a lead's lines while the id is known, and nothing names the person once it is erased.
/// </summary>
public static class LeadPseudonym
{
    public const int LogLength = 12;

    public static byte[] Hash(Guid leadId) => SHA256.HashData(Encoding.ASCII.GetBytes(leadId.ToString("D")));

    /// <summary>The whole hash in lower-case hex.</summary>
    public static string Hex(Guid leadId) => Convert.ToHexStringLower(Hash(leadId));
}
