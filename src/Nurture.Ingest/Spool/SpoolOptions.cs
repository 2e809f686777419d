using System.ComponentModel.DataAnnotations;

namespace Nurture.Ingest.Spool;

public sealed class SpoolOptions
{
    /// <summary>Folder of the spool's segment files and checkpoints. Must be on a local disk.</summary>
    [Required(ErrorMessage = "Nurture:Spool:Directory is required: the folder where acknowledged events are kept until consumed.")]
    public string Directory { get; set; } = "";

    /// <summary>Unconsumed bytes beyond which ingest answers 503. Default 1 GiB.</summary>
    [Range(1 << 20, long.MaxValue, ErrorMessage = "Nurture:Spool:MaxBytes must be at least 1 MiB.")]
    public long MaxBytes { get; set; } = 1L << 30;

    /// <summary>Size at which a segment file is closed and a new one started. Default 64 MiB.</summary>
    [Range(64 << 10, int.MaxValue, ErrorMessage = "Nurture:Spool:SegmentBytes must be at least 64 KiB.")]
    public long SegmentBytes { get; set; } = 64L << 20;

    /// <summary>How long a client event id is remembered to drop retries. Default one day.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The consumers whose checkpoints must pass a segment before it is deleted.</summary>
    public IList<string> Consumers { get; set; } = ["clickhouse", "leads"];
}
