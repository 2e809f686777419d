namespace Nurture.Ingest.Pipeline;

/// <summary>
/// Reads the signed token a Nurture email click adds to links (`nt`), which the tracker sends back as
/// <c>props.nt</c>: the lead it names, or null when it is not a valid token.
/// </summary>
public interface IVisitLinkReader
{
    Guid? LeadOf(string token);
}
