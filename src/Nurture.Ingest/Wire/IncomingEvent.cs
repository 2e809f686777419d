namespace Nurture.Ingest.Wire;

/// <summary>An event that passed validation, still as the client described it.</summary>
public sealed record IncomingEvent
{
    public required int Index { get; init; }
    public required string SiteKey { get; init; }
    public required string VisitorId { get; init; }
    public string? EventId { get; init; }
    public required string Type { get; init; }
    public string? Name { get; init; }
    public string? Url { get; init; }
    public string? Referrer { get; init; }
    public string? Title { get; init; }
    public DateTimeOffset? ClientTime { get; init; }
    public IReadOnlyList<string> PropKeys { get; init; } = [];
    public IReadOnlyList<string> PropValues { get; init; } = [];
    public string? Email { get; init; }
    public IReadOnlyDictionary<string, string>? Traits { get; init; }

    /// <summary>Parts dropped while the event was kept (a trait a visitor may not set), each named.</summary>
    public IReadOnlyList<Rejection> Refused { get; init; } = [];
}
