namespace Nurture.Spool;

/// <summary>What ingest hands the spool: the payload and a key that identifies retries (0: none).</summary>
public readonly record struct SpoolEntry(ulong DedupeKey, ReadOnlyMemory<byte> Payload);
