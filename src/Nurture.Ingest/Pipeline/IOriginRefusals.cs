namespace Nurture.Ingest.Pipeline;

/// <summary>Where ingest reports events refused because their origin is not one the site allows.</summary>
public interface IOriginRefusals
{
    /// <summary>Fire and forget: called on the request's path, so it must not wait on anything.</summary>
    void Refused(Guid siteId, string origin, DateTimeOffset at);
}
