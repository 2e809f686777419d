using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using IPNetwork = System.Net.IPNetwork;

namespace Nurture.Outbound;

/// <summary>
/// Says whether an address is public and, when not, what it is. IPv6 forms that carry an IPv4 address
/// (mapped, compatible, NAT64, 6to4, Teredo) are judged by the address they carry, so no spelling of an
/// internal IPv4 address passes as public.
/// </summary>
public static class AddressClassifier
{
    /// <summary>Cloud metadata endpoints hand out credentials: named apart so no allowance can reach them.</summary>
    private static readonly IPAddress[] Metadata =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack
        IPAddress.Parse("169.254.170.2"),   // AWS ECS task credentials
        IPAddress.Parse("169.254.170.23"),  // AWS EKS pod identity
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("fd00:ec2::254"),   // AWS over IPv6
        IPAddress.Parse("fd00:ec2::23"),    // AWS EKS pod identity over IPv6
    ];

    private static readonly (IPNetwork Network, AddressKind Kind)[] V4 =
    [
        (Net("0.0.0.0/8"), AddressKind.Unspecified),        // "this network": 0.0.0.0 reaches the local host on Linux
        (Net("10.0.0.0/8"), AddressKind.Private),
        (Net("100.64.0.0/10"), AddressKind.CarrierGradeNat), // shared by a provider's customers, never the internet
        (Net("127.0.0.0/8"), AddressKind.Loopback),
        (Net("169.254.0.0/16"), AddressKind.LinkLocal),      // the metadata endpoints' neighbourhood
        (Net("172.16.0.0/12"), AddressKind.Private),
        (Net("192.0.0.0/24"), AddressKind.Reserved),         // IETF protocol assignments (DS-Lite, NAT64 discovery)
        (Net("192.0.2.0/24"), AddressKind.Documentation),    // never routed: no receiver lives there
        (Net("192.88.99.0/24"), AddressKind.Reserved),       // the retired 6to4 relay anycast
        (Net("192.168.0.0/16"), AddressKind.Private),
        (Net("198.18.0.0/15"), AddressKind.Benchmarking),    // lab networks, sometimes used inside companies
        (Net("198.51.100.0/24"), AddressKind.Documentation),
        (Net("203.0.113.0/24"), AddressKind.Documentation),
        (Net("224.0.0.0/4"), AddressKind.Multicast),
        (Net("255.255.255.255/32"), AddressKind.Broadcast),  // before 240/4, which holds it
        (Net("240.0.0.0/4"), AddressKind.Reserved),          // "future use" since 1989: not routed
    ];

    private static readonly (IPNetwork Network, AddressKind Kind)[] V6 =
    [
        (Net("64:ff9b:1::/48"), AddressKind.Private),        // NAT64 inside one network (RFC 8215)
        (Net("100::/64"), AddressKind.Reserved),             // discard-only
        (Net("2001:2::/48"), AddressKind.Benchmarking),
        (Net("2001:db8::/32"), AddressKind.Documentation),
        (Net("3fff::/20"), AddressKind.Documentation),
        (Net("fc00::/7"), AddressKind.UniqueLocal),          // IPv6's private ranges
        (Net("fe80::/10"), AddressKind.LinkLocal),
        (Net("fec0::/10"), AddressKind.SiteLocal),           // deprecated, still routed inside some networks
        (Net("ff00::/8"), AddressKind.Multicast),
    ];

    private static readonly IPNetwork Compatible = Net("::/96");   // ::a.b.c.d, deprecated (RFC 4291)
    private static readonly IPNetwork Nat64 = Net("64:ff9b::/96"); // a.b.c.d through a NAT64 gateway
    private static readonly IPNetwork SixToFour = Net("2002::/16"); // a.b.c.d in bits 16-47
    private static readonly IPNetwork Teredo = Net("2001::/32");    // the client's a.b.c.d, inverted, in the last 32 bits

    public static AddressKind Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (Metadata.Any(m => m.Equals(WithoutScope(address)))) return AddressKind.CloudMetadata;
        if (address.AddressFamily == AddressFamily.InterNetwork) return Lookup(V4, address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return AddressKind.Reserved;

        if (address.Equals(IPAddress.IPv6None)) return AddressKind.Unspecified;
        if (address.Equals(IPAddress.IPv6Loopback)) return AddressKind.Loopback;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        // No host has used IPv4-compatible addresses for twenty years: internal whatever they carry.
        if (Compatible.Contains(address)) return Internal(Classify(new IPAddress(bytes[12..])), AddressKind.Reserved);
        if (Nat64.Contains(address)) return Classify(new IPAddress(bytes[12..]));
        if (SixToFour.Contains(address)) return Classify(new IPAddress(bytes[2..6]));
        if (Teredo.Contains(address))
        {
            var client = ~BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, client);
            return Classify(new IPAddress(v4));
        }
        return Lookup(V6, address);
    }

    /// <summary>The kind in words, to follow "is" or "points to": "a loopback address".</summary>
    public static string Describe(AddressKind kind) => kind switch
    {
        AddressKind.Public => "a public address",
        AddressKind.Loopback => "a loopback address",
        AddressKind.Private => "a private address",
        AddressKind.LinkLocal => "a link-local address",
        AddressKind.CloudMetadata => "a cloud metadata address",
        AddressKind.CarrierGradeNat => "a carrier-grade NAT address",
        AddressKind.UniqueLocal => "a unique-local address",
        AddressKind.SiteLocal => "a site-local address",
        AddressKind.Multicast => "a multicast address",
        AddressKind.Unspecified => "an unspecified address",
        AddressKind.Broadcast => "the broadcast address",
        AddressKind.Reserved => "a reserved address",
        AddressKind.Documentation => "a documentation address",
        AddressKind.Benchmarking => "a benchmarking address",
        _ => "an internal address",
    };

    private static AddressKind Lookup((IPNetwork Network, AddressKind Kind)[] table, IPAddress address)
    {
        foreach (var (network, kind) in table)
        {
            if (network.Contains(address)) return kind;
        }
        return AddressKind.Public;
    }

    private static AddressKind Internal(AddressKind kind, AddressKind otherwise) => kind == AddressKind.Public ? otherwise : kind;

    private static IPAddress WithoutScope(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;

    private static IPNetwork Net(string cidr) => IPNetwork.Parse(cidr);
}
