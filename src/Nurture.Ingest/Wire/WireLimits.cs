namespace Nurture.Ingest.Wire;

/// <summary>Sizes the wire format accepts; anything larger is refused by field, never truncated silently.</summary>
public static class WireLimits
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxEventsPerBatch = 500;
    public const int MaxSiteKey = 64;
    public const int MaxVisitorId = 128;
    public const int MaxEventId = 128;
    public const int MaxName = 200;
    public const int MaxUrl = 8192;
    public const int MaxTitle = 2048;
    public const int MaxProps = 50;
    public const int MaxPropKey = 100;
    public const int MaxPropValue = 4096;
    public const int MaxTraitValue = 1024;
}
