using System.Buffers.Binary;

namespace Nurture.Spool;

/// <summary>
/// The dedupe memory of a deleted segment: its records' keys and append times, so a segment can go as
/// soon as every consumer has passed it and a restart still refuses a retry within the dedupe window.
/// Holds 64-bit hashes and times only, nothing of the events themselves.
/// Layout: [magic u32][count i32][key u64, ticks i64] × count[crc32c u32 of everything before it].
/// </summary>
internal static class DedupeKeyFile
{
    public const string Extension = ".keys";
    private const uint Magic = 0x59454B4E; // "NKEY"
    private const int HeaderSize = 8;
    private const int EntrySize = 16;

    /// <summary>Named after the segment it stands for, so a crash that leaves both is recognisable.</summary>
    public static string PathFor(string directory, long firstSeq) => Path.Combine(directory, $"{firstSeq:D20}{Extension}");

    public static byte[] Encode(IReadOnlyList<(ulong Key, long Ticks)> keys)
    {
        var content = new byte[HeaderSize + keys.Count * EntrySize + sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(content, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(content.AsSpan(4), keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var at = HeaderSize + i * EntrySize;
            BinaryPrimitives.WriteUInt64LittleEndian(content.AsSpan(at), keys[i].Key);
            BinaryPrimitives.WriteInt64LittleEndian(content.AsSpan(at + 8), keys[i].Ticks);
        }
        var body = content.Length - sizeof(uint);
        BinaryPrimitives.WriteUInt32LittleEndian(content.AsSpan(body), Crc32C.Compute(content.AsSpan(0, body)));
        return content;
    }

    /// <summary>The keys, or null when the content is not a whole, intact key file.</summary>
    public static List<(ulong Key, long Ticks)>? Decode(ReadOnlySpan<byte> content)
    {
        if (content.Length < HeaderSize + sizeof(uint) || BinaryPrimitives.ReadUInt32LittleEndian(content) != Magic) return null;
        var count = BinaryPrimitives.ReadInt32LittleEndian(content[4..]);
        if (count < 0 || content.Length != HeaderSize + (long)count * EntrySize + sizeof(uint)) return null;
        var body = content.Length - sizeof(uint);
        if (Crc32C.Compute(content[..body]) != BinaryPrimitives.ReadUInt32LittleEndian(content[body..])) return null;
        var keys = new List<(ulong, long)>(count);
        for (var at = HeaderSize; at < body; at += EntrySize)
            keys.Add((BinaryPrimitives.ReadUInt64LittleEndian(content[at..]), BinaryPrimitives.ReadInt64LittleEndian(content[(at + 8)..])));
        return keys;
    }
}
