using System.ComponentModel.DataAnnotations;

namespace Nurture.Server.Access;

/// <summary>Settings under "Nurture:Access".</summary>
public sealed class AccessOptions
{
    /// <summary>
    /// How long a node trusts what it looked up about a key (valid or not) before asking PostgreSQL
    /// again. Revoking on one node takes effect there at once and on the other nodes within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Nurture:Access:KeyCacheTtl must be from 00:00:00 to 00:05:00.")]
    public TimeSpan KeyCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a console sign-in lasts.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Nurture:Access:SessionLifetime must be from 00:01:00 to 30.00:00:00.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
