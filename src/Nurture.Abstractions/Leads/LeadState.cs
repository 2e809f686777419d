using Nurture.Abstractions.Events;
using Nurture.Abstractions.Scoring;

namespace Nurture.Abstractions.Leads;

/// <summary>
/// Everything a lead grain knows about one person. Persisted write-behind; also the snapshot a lead
/// hands to the survivor when two leads merge.
/// </summary>
[GenerateSerializer, Alias("nurture.LeadState")]
public sealed class LeadState
{
    [Id(0)] public Guid Id { get; set; }
    [Id(1)] public DateTimeOffset? CreatedAt { get; set; }
    /// <summary>Set once this lead merged into another; it forwards there for ever.</summary>
    [Id(2)] public Guid? MergedInto { get; set; }
    /// <summary>Every lead id whose events belong to this person, itself included.</summary>
    [Id(3)] public List<Guid> HistoryIds { get; set; } = [];
    [Id(4)] public List<VisitorActivity> Visitors { get; set; } = [];
    [Id(5)] public List<string> Emails { get; set; } = [];
    [Id(6)] public Dictionary<string, TraitValue> Traits { get; set; } = new(StringComparer.Ordinal);
    [Id(7)] public List<TraitChange> TraitHistory { get; set; } = [];
    [Id(8)] public Touch? FirstTouch { get; set; }
    [Id(9)] public Touch? LastTouch { get; set; }
    [Id(10)] public LeadCounters Counters { get; set; } = new();
    [Id(11)] public string? TimeZone { get; set; }
    [Id(12)] public string? Language { get; set; }
    [Id(13)] public List<EventSummary> RecentEvents { get; set; } = [];
    /// <summary>Highest spool sequence applied per (node, visitor): replays below it are skipped.</summary>
    [Id(14)] public Dictionary<string, long> Watermarks { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Leads absorbed into this one: a second absorb of the same lead is ignored.</summary>
    [Id(15)] public List<Guid> MergedFrom { get; set; } = [];
    [Id(16)] public LeadScores Scores { get; set; } = new();
    /// <summary>Nurture flow runs, active and finished (finished ones decide re-entry).</summary>
    [Id(17)] public List<Flows.FlowEnrolment> Enrolments { get; set; } = [];
    /// <summary>Whether the lead holds a reminder to wake its waiting flow runs after a restart.</summary>
    [Id(18)] public bool FlowReminderSet { get; set; }
    [Id(19)] public ConsentState? Consent { get; set; }
    /// <summary>The sales rep who owns the lead (set by the hand-off or by hand).</summary>
    [Id(20)] public string? Owner { get; set; }
    /// <summary>Bumped on every saved change: the version of the lead's row in ClickHouse's lead list.</summary>
    [Id(21)] public long ProfileVersion { get; set; }
    /// <summary>The segments the lead is in now; joining and leaving are recorded in its history.</summary>
    [Id(22)] public List<string> Segments { get; set; } = [];
    /// <summary>When the flow reminder is due (the earliest wait's end when it was registered).</summary>
    [Id(23)] public DateTimeOffset? FlowReminderAt { get; set; }

    public bool Exists => CreatedAt is not null;
    public bool IsKnown => Emails.Count > 0;
}

[GenerateSerializer, Alias("nurture.VisitorActivity")]
public sealed class VisitorActivity
{
    [Id(0)] public required Guid SiteId { get; set; }
    [Id(1)] public required string VisitorId { get; set; }
    [Id(2)] public DateTimeOffset FirstSeen { get; set; }
    [Id(3)] public DateTimeOffset LastActivity { get; set; }
    /// <summary>Start of the visitor's current session (30 minutes idle ends one).</summary>
    [Id(4)] public DateTimeOffset SessionStart { get; set; }
}

[GenerateSerializer, Immutable, Alias("nurture.TraitValue")]
public sealed record TraitValue(
    [property: Id(0)] string Value,
    [property: Id(1)] DateTimeOffset UpdatedAt,
    [property: Id(2)] string Source);

/// <summary>
/// One changed value (a trait, or "consent" / "owner"): the history a spreadsheet never kept. Source
/// is who changed it: "tracker", "flow", "import:…", "user:…", "merge:…".
/// </summary>
[GenerateSerializer, Immutable, Alias("nurture.TraitChange")]
public sealed record TraitChange(
    [property: Id(0)] string Trait,
    [property: Id(1)] string? OldValue,
    [property: Id(2)] string NewValue,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string Source);

/// <summary>A first or last touch: the source of the visit plus where it landed.</summary>
[GenerateSerializer, Immutable, Alias("nurture.Touch")]
public sealed record Touch(
    [property: Id(0)] AcquisitionSource Source,
    [property: Id(1)] string? Referrer,
    [property: Id(2)] string? LandingPage,
    [property: Id(3)] DateTimeOffset At);

[GenerateSerializer, Alias("nurture.LeadCounters")]
public sealed class LeadCounters
{
    [Id(0)] public long Sessions { get; set; }
    [Id(1)] public long PageViews { get; set; }
    [Id(2)] public long Events { get; set; }
    [Id(3)] public DateTimeOffset? FirstSeen { get; set; }
    [Id(4)] public DateTimeOffset? LastSeen { get; set; }
}

[GenerateSerializer, Immutable, Alias("nurture.EventSummary")]
public sealed record EventSummary(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Url,
    [property: Id(4)] string? Title,
    [property: Id(5)] string Channel,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] string? Template = null);
