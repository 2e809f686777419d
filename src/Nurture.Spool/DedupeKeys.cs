using System.Security.Cryptography;
using System.Text;

namespace Nurture.Spool;

/// <summary>A spool dedupe key from whatever identifies a record: 64 bits of its SHA-256, never 0 (0 means "no key").</summary>
public static class DedupeKeys
{
    public static ulong Of(string identity) => Of(Encoding.UTF8.GetBytes(identity));

    public static ulong Of(ReadOnlySpan<byte> identity)
    {
        var key = BitConverter.ToUInt64(SHA256.HashData(identity));
        return key == 0 ? 1 : key;
    }
}
