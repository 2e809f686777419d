using System.Security.Cryptography;
using System.Text;

namespace Nurture.Abstractions;

/// <summary>
/// A Guid derived from a name (SHA-256, marked as a name-based UUID): the same decision made twice,
/// say by a replay after a crash, gets the same id and so is recognised as the same.
/// </summary>
public static class StableGuid
{
    public static Guid From(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
