namespace Nurture.Ingest.Normalisation;

/// <summary>What kind of site a referrer host is, as far as channel attribution cares.</summary>
internal enum HostKind
{
    Unknown,
    Search,
    Social,
    Webmail,
}
