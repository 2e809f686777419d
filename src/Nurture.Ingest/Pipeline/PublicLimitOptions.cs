using System.ComponentModel.DataAnnotations;

namespace Nurture.Ingest.Pipeline;

/// <summary>
/// Abuse limits on what anyone on the internet can call (Nurture:Limits). Each limit is per node: behind a
/// load balancer with N nodes a client can get up to N times as much through. 0 turns a limit off.
/// </summary>
public sealed class PublicLimitOptions
{
    /// <summary>Requests to /collect and /t.gif per client address per minute (a token bucket: this many a minute, <see cref="ClientBurst"/> at once).</summary>
    [Range(0, int.MaxValue)] public int ClientRequestsPerMinute { get; set; } = 600;

    [Range(0, int.MaxValue)] public int ClientBurst { get; set; } = 200;

    /// <summary>Requests to /collect and /t.gif per site (all clients together) per minute, and at once.</summary>
    [Range(0, int.MaxValue)] public int SiteRequestsPerMinute { get; set; } = 60_000;

    [Range(0, int.MaxValue)] public int SiteBurst { get; set; } = 10_000;

    /// <summary>Email open, click and unsubscribe requests per client address per minute.</summary>
    [Range(0, int.MaxValue)] public int EmailLinkRequestsPerMinute { get; set; } = 120;

    /// <summary>Console sign-in attempts per client address per minute (password guessing).</summary>
    [Range(0, int.MaxValue)] public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Different emails one visitor (site and visitor id) may identify as within <see cref="VisitorEmailWindow"/>; more are refused.</summary>
    [Range(0, int.MaxValue)] public int EmailsPerVisitor { get; set; } = 2;

    public TimeSpan VisitorEmailWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Different emails identified from one client address within <see cref="ClientEmailWindow"/>; more are refused.</summary>
    [Range(0, int.MaxValue)] public int EmailsPerClient { get; set; } = 20;

    public TimeSpan ClientEmailWindow { get; set; } = TimeSpan.FromHours(1);
}
