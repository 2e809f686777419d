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
}

public sealed record IngestResult(IngestStatus Status, int Accepted, IReadOnlyList<Rejection> Rejected);
