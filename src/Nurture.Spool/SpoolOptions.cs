using System.ComponentModel.DataAnnotations;

namespace Nurture.Spool;

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

    /// <summary>
    /// How long a segment with records stays open when it does not fill: past this age it is closed even
    /// without new writes, so it can be deleted once every consumer has passed it. Bounds how long what
    /// was spooled (an erased person's events and profile rows, say) stays on disk. Default five minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Nurture:Spool:MaxSegmentAge must be from 00:00:01 to 1.00:00:00.")]
    public TimeSpan MaxSegmentAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a client event id is remembered to drop retries. Default one day.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The consumers whose checkpoints must pass a segment before it is deleted.</summary>
    public IList<string> Consumers { get; set; } = ["clickhouse", "leads"];
}
