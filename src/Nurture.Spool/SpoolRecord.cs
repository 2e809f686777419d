using System.Buffers.Binary;

namespace Nurture.Spool;

/// <summary>
/// One durable record: its sequence number, when it was appended, and the payload. From a
/// <see cref="SpoolReader"/>, the payload is a view of the reader's buffer, valid until its next read.
/// </summary>
public readonly record struct SpoolRecord(long Seq, ulong DedupeKey, DateTimeOffset AppendedAt, ReadOnlyMemory<byte> Payload);

/// <summary>
/// On-disk layout of a record: [payload length u32][crc32c u32][dedupe key u64][appended ticks i64][payload].
/// The CRC covers everything after it, so a record torn by a crash is found and cut off on open.
/// </summary>
internal static class SpoolRecordFormat
{
    public const int HeaderSize = 24;
    public const int MaxPayload = 1 << 20;

    public static int Write(Span<byte> target, ulong dedupeKey, long ticks, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(target[8..], dedupeKey);
        BinaryPrimitives.WriteInt64LittleEndian(target[16..], ticks);
        payload.CopyTo(target[HeaderSize..]);
        var crc = Crc32C.Compute(target.Slice(8, HeaderSize - 8 + payload.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(target[4..], crc);
        return HeaderSize + payload.Length;
    }

    /// <summary>Reads one record from the stream; null at a clean end or at a torn/corrupt record.</summary>
    public static (ulong DedupeKey, long Ticks, byte[] Payload)? Read(Stream stream, byte[] header)
    {
        if (!ReadExactly(stream, header, HeaderSize)) return null;
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length > MaxPayload) return null;
        var payload = new byte[length];
        if (!ReadExactly(stream, payload, (int)length)) return null;
        if (!Intact(header, payload)) return null;
        return (BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(8)),
                BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16)), payload);
    }

    /// <summary>
    /// The dedupe keys (not 0) appended after <paramref name="afterTicks"/> in the first <paramref name="length"/>
    /// bytes of a closed segment, with their append times. Reads the headers alone: every record of a closed
    /// segment was checked when it was written or when the spool opened.
    /// </summary>
    public static List<(ulong Key, long Ticks)> ReadKeys(string path, long length, long afterTicks)
    {
        var keys = new List<(ulong, long)>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var header = new byte[HeaderSize];
        while (stream.Position + HeaderSize <= length && ReadExactly(stream, header, HeaderSize))
        {
            var payload = BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (payload > MaxPayload) break;
            var key = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(8));
            var ticks = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16));
            if (key != 0 && ticks > afterTicks) keys.Add((key, ticks));
            stream.Seek(payload, SeekOrigin.Current);
        }
        return keys;
    }

    /// <summary>
    /// The size of the record at the start of <paramref name="data"/>: 0 when data ends inside it (with
    /// <paramref name="needed"/> the size once known), -1 when it is torn or corrupt.
    /// </summary>
    public static int Parse(ReadOnlySpan<byte> data, out int needed, out ulong dedupeKey, out long ticks, out ReadOnlySpan<byte> payload)
    {
        (needed, dedupeKey, ticks) = (HeaderSize, 0, 0);
        payload = default;
        if (data.Length < HeaderSize) return 0;
        var length = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (length > MaxPayload) return -1;
        needed = HeaderSize + (int)length;
        if (data.Length < needed) return 0;
        payload = data.Slice(HeaderSize, (int)length);
        if (!Intact(data[..HeaderSize], payload)) return -1;
        dedupeKey = BinaryPrimitives.ReadUInt64LittleEndian(data[8..]);
        ticks = BinaryPrimitives.ReadInt64LittleEndian(data[16..]);
        return needed;
    }

    /// <summary>The checksum covers the header after itself and the payload; CRC-32 is what older versions wrote.</summary>
    private static bool Intact(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        var covered = header[8..HeaderSize];
        return Crc32C.Compute(payload, Crc32C.Compute(covered)) == expected
            || LegacyCrc(covered, payload) == expected;
    }

    /// <summary>CRC-32 (IEEE) of the header's covered part and the payload, as records written before CRC-32C carry.</summary>
    private static uint LegacyCrc(ReadOnlySpan<byte> covered, ReadOnlySpan<byte> payload)
    {
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(covered);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }

    private static bool ReadExactly(Stream stream, byte[] buffer, int count)
    {
        var read = 0;
        while (read < count)
        {
            var n = stream.Read(buffer, read, count - read);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}
