namespace Nurture.Abstractions.Leads;

/// <summary>
/// A lead flattened to one row for ClickHouse's lead list: what searches, segments, duplicate checks,
/// exports and source analysis read. The newest <see cref="Version"/> of a lead's rows is current;
/// a merged-away or erased lead's last row says so.
/// </summary>
public sealed record LeadProfile
{
    public required Guid LeadId { get; init; }
    public required long Version { get; init; }
    public Guid? MergedInto { get; init; }
    public bool Erased { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? LastSeen { get; init; }
    public string? Email { get; init; }
    public IReadOnlyList<string> Emails { get; init; } = [];
    public string? Name { get; init; }
    public string? Company { get; init; }
    public string? Phone { get; init; }
    public IReadOnlyDictionary<string, string> Traits { get; init; } = new Dictionary<string, string>();
    public string Stage { get; init; } = Scoring.LeadStages.Anonymous;
    public string Grade { get; init; } = "D";
    public double Engagement { get; init; }
    public double Fit { get; init; }
    public string? Owner { get; init; }
    public string? Consent { get; init; }
    public string? FirstChannel { get; init; }
    public string? FirstSource { get; init; }
    public string? FirstCampaign { get; init; }
    public DateTimeOffset? FirstTouchAt { get; init; }
    public string? LastChannel { get; init; }
    public string? LastSource { get; init; }
    public string? LastCampaign { get; init; }
    public long Sessions { get; init; }
    public long PageViews { get; init; }
    public long Events { get; init; }
    public IReadOnlyList<Guid> Sites { get; init; } = [];
    public IReadOnlyList<Guid> HistoryIds { get; init; } = [];
    public IReadOnlyList<string> Segments { get; init; } = [];
    /// <summary>Each interest category's decayed points when the row was written.</summary>
    public IReadOnlyDictionary<string, double> Interests { get; init; } = new Dictionary<string, double>();
}
