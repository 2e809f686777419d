namespace Nurture.Abstractions.Leads;

/// <summary>
/// Which leads: the conditions the lead list, exports and segments share. Every condition set must hold.
/// Channel, source and campaign match the first touch (where the person came from) unless
/// <see cref="LastTouch"/> is set.
/// </summary>
public sealed record LeadFilter
{
    /// <summary>Part of the email, name, company or phone, any case.</summary>
    public string? Search { get; init; }
    public IReadOnlyList<string> Stages { get; init; } = [];
    public IReadOnlyList<string> Grades { get; init; } = [];
    public string? Owner { get; init; }
    public string? Channel { get; init; }
    public string? Source { get; init; }
    public string? Campaign { get; init; }
    public bool LastTouch { get; init; }
    public string? Consent { get; init; }
    public double? MinEngagement { get; init; }
    public double? MinFit { get; init; }
    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedTo { get; init; }
    /// <summary>Trait values that must be equal (after trimming), e.g. industry = software.</summary>
    public IReadOnlyDictionary<string, string> Traits { get; init; } = new Dictionary<string, string>();
    /// <summary>Only leads that are known by an email.</summary>
    public bool KnownOnly { get; init; }
    public IReadOnlyList<BehaviourCondition> Behaviour { get; init; } = [];
    /// <summary>The condition builder's groups and tests (segments, flows), on top of the fields above.</summary>
    public Conditions.LeadCondition? Condition { get; init; }
    /// <summary>Only members of this segment (as of the last refresh).</summary>
    public string? Segment { get; init; }
    /// <summary>Restricts to these leads (a segment's members, a sales rep's leads); null means no restriction.</summary>
    public IReadOnlyCollection<Guid>? LeadIds { get; init; }


    /// <summary>
    /// Decided by the lead's own row alone (no behaviour counts, no other segment, no id list): a lead
    /// grain can judge it each time it saves, so membership follows the lead at once.
    /// </summary>
    public bool IsSimple => Behaviour.Count == 0 && Segment is null && LeadIds is null && Condition is null or { IsSimple: true };
}

/// <summary>
/// "Did at least N of these in the last D days": event type, optionally a page path prefix or an event
/// name, counted over every lead id merged into the person.
/// </summary>
public sealed record BehaviourCondition(string Type, string? PathPrefix, string? Name, int AtLeast, int WithinDays);
