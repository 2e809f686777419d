namespace Nurture.Outbound;

/// <summary>What one outbound client's resilience pipeline allows (see <see cref="OutboundResilience"/>).</summary>
/// <param name="CallTimeout">The longest one call (one try) may take.</param>
/// <param name="AttemptTimeout">The longest one attempt may take, its quick retries and their waits included.</param>
/// <param name="QuickRetries">Calls made again within the attempt after a transient failure; 0: none.</param>
public sealed record OutboundCallLimits(TimeSpan CallTimeout, TimeSpan AttemptTimeout, int QuickRetries);
