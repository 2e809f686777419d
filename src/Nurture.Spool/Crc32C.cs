using System.Buffers.Binary;
using System.Numerics;

namespace Nurture.Spool;

/// <summary>
/// CRC-32C (Castagnoli): detects a record torn by a crash. The processor's CRC32 instruction takes
/// eight bytes a step, where the table-driven CRC-32 took one; every record is checked when written and
/// again by each consumer that reads it.
/// </summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data, uint crc = 0)
    {
        crc = ~crc;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}
