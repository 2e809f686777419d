namespace Nurture.Ingest.Pipeline;

/// <summary>What the server itself knows about the request that carried events.</summary>
public sealed record ClientContext(string? UserAgent, string? ClientIp, string? Origin, DateTimeOffset ReceivedAt);
