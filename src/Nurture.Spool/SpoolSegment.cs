namespace Nurture.Spool;

/// <summary>One segment file: records FirstSeq..LastSeq. Its name is its first sequence number.</summary>
internal sealed class SpoolSegment(string path, long firstSeq)
{
    public string Path { get; } = path;
    public long FirstSeq { get; } = firstSeq;
    public long LastSeq { get; set; } = firstSeq - 1;
    public long Bytes { get; set; }
    /// <summary>When its first record was appended (UTC ticks); 0 while it has none. Its age decides when it is closed.</summary>
    public long FirstTicks { get; set; }

    public bool IsEmpty => LastSeq < FirstSeq;

    public static string FileName(long firstSeq) => $"{firstSeq:D20}.seg";

    public static bool TryParseFirstSeq(string path, out long firstSeq) =>
        long.TryParse(System.IO.Path.GetFileNameWithoutExtension(path), out firstSeq) && firstSeq > 0;
}
