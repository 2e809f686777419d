namespace Nurture.Ingest.Pipeline;

/// <summary>Looks sites up on the hot path; implementations cache, since every event asks.</summary>
public interface ISiteDirectory
{
    ValueTask<Site?> FindByKeyAsync(string siteKey, CancellationToken cancellationToken);

    /// <summary>For CORS preflights, which carry no site key: is the origin allowed by any site?</summary>
    ValueTask<bool> IsOriginKnownAsync(string origin, CancellationToken cancellationToken);
}
