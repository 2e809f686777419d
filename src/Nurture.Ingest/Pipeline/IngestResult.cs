using Nurture.Ingest.Wire;

namespace Nurture.Ingest.Pipeline;

public enum IngestStatus
{
    /// <summary>At least one event was kept (or was a retry of a kept one).</summary>
    Accepted,
    /// <summary>Events were well-formed but every one was refused.</summary>
    NoneAccepted,
    /// <summary>No event named a site we know: answered 404 without detail.</summary>
    UnknownSite,
    /// <summary>Nothing was kept because a site was over its request limit: answered 429 with Retry-After.</summary>
    Limited,
}

/// <param name="OriginAllowed">Some event's site allows the request's origin: only then may a browser read the answer (CORS).</param>
public sealed record IngestResult(IngestStatus Status, int Accepted, IReadOnlyList<Rejection> Rejected, bool OriginAllowed)
{
    /// <summary>For <see cref="IngestStatus.Limited"/>: when the site's bucket has room again.</summary>
    public TimeSpan RetryAfter { get; init; }
}
