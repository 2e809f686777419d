namespace Nurture.Ingest.Pipeline;

public sealed class IngestOptions
{
    /// <summary>
    /// Keep the full client IP. Off by default: the last IPv4 octet (IPv6: all but the first 48 bits)
    /// is zeroed before anything is stored, which still allows coarse location.
    /// </summary>
    public bool StoreRawClientIp { get; set; }
}
