using System.ComponentModel.DataAnnotations;

namespace Nurture.Server.Leads;

/// <summary>Nurture:Privacy settings.</summary>
public sealed class PrivacyOptions
{
    /// <summary>
    /// How long after an erasure everything is deleted again: rows that were still in a spool, a lead a
    /// lagging spool brought back, mail a hand-off in flight queued. The erasure then completes and its
    /// record keeps only hashes of the lead ids; after a failed ClickHouse delete, one RecheckAfter after
    /// a delete succeeds. Default two minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Nurture:Privacy:RecheckAfter must be from 00:00:01 to 1.00:00:00.")]
    public TimeSpan RecheckAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often each node looks for rechecks that are due. Default 15 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00", ErrorMessage = "Nurture:Privacy:PollInterval must be from 00:00:00.1 to 01:00:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}
