using System.ComponentModel.DataAnnotations;
using Nurture.Handoff.Alerts;
using Nurture.Handoff.Webhooks;

namespace Nurture.Handoff;

/// <summary>Settings under "Nurture:Handoff": the cool-down, the workspace webhook and how deliveries retry.</summary>
public sealed class HandoffOptions : IValidatableObject
{
    /// <summary>At most one alert per lead in this period; a lead that heats again later alerts again.</summary>
    public TimeSpan CoolDown { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A webhook that receives every alert, whoever the lead goes to. Optional; an internal address needs Nurture:Outbound's allowance.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The key webhooks are signed with; made once and kept in PostgreSQL when not set.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Attempts per webhook target before it is dead-lettered.</summary>
    [Range(1, 50)] public int MaxAttempts { get; set; } = 6;

    /// <summary>The first retry waits this long, then twice as long each time (with jitter), at most an hour.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Calls made again at once (after a short wait, or the receiver's Retry-After of up to a few seconds) within
    /// one attempt when a call could not connect or was answered 5xx, 408 or 429; 0: none.
    /// </summary>
    [Range(0, 5)] public int QuickRetries { get; set; } = 2;

    /// <summary>How often the worker looks for due retries and alerts left by a restart.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A rep who has not answered a hot lead (any feedback) this long after getting it is reminded; zero: never.</summary>
    public TimeSpan AcceptWithin { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Still no answer this long after the assignment: the lead goes to another rep (or the fallback queue); zero: never.</summary>
    public TimeSpan ReassignAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the SLA watch looks for leads waiting too long.</summary>
    public TimeSpan SlaPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one webhook call may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one attempt may take, its quick retries included.</summary>
    public TimeSpan AttemptTimeout => RequestTimeout * 2;

    /// <summary>
    /// How long a claimed delivery stays with the node that claimed it: twice the attempt's own limit and a
    /// little more, so a live node records its answer long before another may take the delivery (a fixed
    /// lease shorter than a long timeout would let a second node call while the first still waits), and a
    /// node killed mid-call has its delivery retried soon after, not minutes later.
    /// </summary>
    public TimeSpan DeliveryLease => AttemptTimeout * 2 + TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CoolDown < TimeSpan.Zero) yield return new("Nurture:Handoff:CoolDown must not be negative", [nameof(CoolDown)]);
        if (RetryBaseDelay <= TimeSpan.Zero || RetryBaseDelay > HandoffWorker.MaxRetryDelay)
            yield return new("Nurture:Handoff:RetryBaseDelay must be positive and at most 01:00:00", [nameof(RetryBaseDelay)]);
        if (PollInterval <= TimeSpan.Zero) yield return new("Nurture:Handoff:PollInterval must be positive", [nameof(PollInterval)]);
        if (AcceptWithin < TimeSpan.Zero || ReassignAfter < TimeSpan.Zero) yield return new("Nurture:Handoff:AcceptWithin and ReassignAfter must not be negative", [nameof(AcceptWithin)]);
        if (ReassignAfter > TimeSpan.Zero && AcceptWithin > TimeSpan.Zero && ReassignAfter <= AcceptWithin)
            yield return new("Nurture:Handoff:ReassignAfter must be longer than AcceptWithin (the reminder comes first)", [nameof(ReassignAfter)]);
        if (SlaPollInterval <= TimeSpan.Zero) yield return new("Nurture:Handoff:SlaPollInterval must be positive", [nameof(SlaPollInterval)]);
        // The resilience pipeline's timeouts take 10 ms to a day, and an attempt's is twice this.
        if (RequestTimeout < TimeSpan.FromMilliseconds(10) || RequestTimeout > TimeSpan.FromHours(12))
            yield return new("Nurture:Handoff:RequestTimeout must be between 00:00:00.010 and 12:00:00", [nameof(RequestTimeout)]);
        if (!string.IsNullOrEmpty(WebhookUrl) && WebhookTarget.Problem(WebhookUrl) is { } problem)
            yield return new($"Nurture:Handoff:WebhookUrl {problem}", [nameof(WebhookUrl)]);
    }
}
