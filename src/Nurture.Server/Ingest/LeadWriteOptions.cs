using System.ComponentModel.DataAnnotations;

namespace Nurture.Server.Ingest;

/// <summary>How lead state is written behind (<c>Nurture:Leads</c>).</summary>
public sealed class LeadWriteOptions
{
    /// <summary>
    /// How long a lead may hold events only in memory before it writes its state. A lead busy within
    /// that time writes once instead of once per event, so PostgreSQL's load follows the number of
    /// active leads, not the event rate. The cost: after a crash the dispatcher replays up to this
    /// much of the spool, and the lead list trails by it. An idle spool writes everything at once.
    /// Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Nurture:Leads:WriteAfter must be between 0 and 10 minutes.")]
    public TimeSpan WriteAfter { get; set; } = TimeSpan.FromSeconds(5);
}
