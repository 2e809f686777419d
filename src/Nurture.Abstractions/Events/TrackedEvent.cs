namespace Nurture.Abstractions.Events;

/// <summary>
/// One accepted, normalised behaviour event: what the spool stores, ClickHouse keeps and lead grains count.
/// Built once at ingest; every consumer reads the same record so history and live state agree.
/// </summary>
[GenerateSerializer, Immutable, Alias("nurture.TrackedEvent")]
public sealed record TrackedEvent
{
    [Id(0)] public required string EventId { get; init; }
    [Id(1)] public required Guid SiteId { get; init; }
    [Id(2)] public required string VisitorId { get; init; }
    /// <summary>The lead the visitor had when the event arrived (deterministic for anonymous visitors).</summary>
    [Id(3)] public required Guid LeadId { get; init; }
    [Id(4)] public required string Type { get; init; }
    [Id(5)] public string? Name { get; init; }
    [Id(6)] public string? Url { get; init; }
    [Id(7)] public string? Host { get; init; }
    [Id(8)] public string? Path { get; init; }
    [Id(9)] public string? Query { get; init; }
    [Id(10)] public string? Referrer { get; init; }
    [Id(11)] public string? ReferrerHost { get; init; }
    [Id(12)] public string? Title { get; init; }
    [Id(13)] public AcquisitionSource Source { get; init; } = AcquisitionSource.Direct;
    [Id(14)] public string DeviceClass { get; init; } = "unknown";
    [Id(15)] public string Browser { get; init; } = "Unknown";
    [Id(16)] public string Os { get; init; } = "Unknown";
    [Id(17)] public bool IsBot { get; init; }
    [Id(18)] public IReadOnlyList<string> PropKeys { get; init; } = [];
    [Id(19)] public IReadOnlyList<string> PropValues { get; init; } = [];
    [Id(20)] public string? Email { get; init; }
    [Id(21)] public IReadOnlyDictionary<string, string>? Traits { get; init; }
    /// <summary>The time the browser claimed; untrusted, kept for analysis only.</summary>
    [Id(22)] public DateTimeOffset? ClientTime { get; init; }
    /// <summary>The time the server accepted the event: the clock every rule (sessions, windows) uses.</summary>
    [Id(23)] public required DateTimeOffset ReceivedAt { get; init; }
    [Id(24)] public string? UserAgent { get; init; }
    [Id(25)] public string? ClientIp { get; init; }
    /// <summary>Which node's spool holds the event and where: lets consumers replay exactly once.</summary>
    [Id(26)] public string SpoolNode { get; init; } = "";
    [Id(27)] public long SpoolSeq { get; init; }
    /// <summary>The lead a signed email link named (the tracker's `nt`): the visitor joins that lead.</summary>
    [Id(28)] public Guid? LinkLeadId { get; init; }

    public string? Prop(string key)
    {
        for (var i = 0; i < PropKeys.Count; i++)
        {
            if (PropKeys[i] == key) return PropValues[i];
        }
        return null;
    }
}
