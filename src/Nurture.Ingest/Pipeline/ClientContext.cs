using System.Net;

namespace Nurture.Ingest.Pipeline;

/// <summary>What the server itself knows about the request that carried events.</summary>
/// <param name="ClientIp">The address as stored (shortened unless raw addresses are kept).</param>
public sealed record ClientContext(string? UserAgent, string? ClientIp, string? Origin, DateTimeOffset ReceivedAt)
{
    /// <summary>The client's full address, for abuse limits only: never stored.</summary>
    public IPAddress? Address { get; init; }
}
