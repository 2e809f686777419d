namespace Nurture.Outbound;

/// <summary>What an IP address is, for deciding whether Nurture may call it: everything but <see cref="Public"/> is internal.</summary>
public enum AddressKind
{
    Public,
    Loopback,
    Private,
    LinkLocal,
    CloudMetadata,
    CarrierGradeNat,
    UniqueLocal,
    SiteLocal,
    Multicast,
    Unspecified,
    Broadcast,
    Reserved,
    Documentation,
    Benchmarking,
}
