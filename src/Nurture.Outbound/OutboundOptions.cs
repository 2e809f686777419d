using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using IPNetwork = System.Net.IPNetwork;

namespace Nurture.Outbound;

/// <summary>
/// Settings under "Nurture:Outbound": the internal receivers that outbound HTTP calls (webhooks, Slack)
/// may reach. Empty by default: only public addresses. Cloud metadata endpoints stay refused whatever is allowed.
/// </summary>
public sealed class OutboundOptions : IValidatableObject
{
    /// <summary>Host names (exact, any case) that may resolve to internal addresses, for example hooks.intranet.example.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Addresses or CIDR networks that may be called although internal, for example 10.0.5.0/24, 10.0.5.7 or fd12:3456::/48.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < AllowedHosts.Count; i++)
        {
            if (HostProblem(AllowedHosts[i]) is { } problem)
                yield return new($"Nurture:Outbound:AllowedHosts:{i} ('{AllowedHosts[i]}') {problem}", [nameof(AllowedHosts)]);
        }
        for (var i = 0; i < AllowedNetworks.Count; i++)
        {
            if (!TryParseNetwork(AllowedNetworks[i], out _, out var problem))
                yield return new($"Nurture:Outbound:AllowedNetworks:{i} ('{AllowedNetworks[i]}') {problem}", [nameof(AllowedNetworks)]);
        }
    }

    private static string? HostProblem(string host)
    {
        var name = host.Trim().TrimEnd('.');
        if (IPAddress.TryParse(name, out _) || IPNetwork.TryParse(name, out _)) return "is an address: allow it with Nurture:Outbound:AllowedNetworks";
        if (Uri.CheckHostName(name) != UriHostNameType.Dns) return "must be a host name such as hooks.intranet.example (no scheme, port or wildcard)";
        if (MetadataHosts.Contains(name)) return "names a cloud metadata service, which Nurture never calls";
        return null;
    }

    /// <summary>An address (a network of one) or a CIDR network with no bits set past its prefix.</summary>
    internal static bool TryParseNetwork(string text, out IPNetwork network, out string? problem)
    {
        network = default;
        var value = text.Trim();
        var slash = value.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? value : value[..slash], out var address) || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            problem = "must be an IP address or a CIDR network such as 10.0.5.0/24";
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            problem = $"is an IPv4 address written as IPv6: write {address.MapToIPv4()}";
            return false;
        }
        if (slash < 0)
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            problem = null;
            return true;
        }
        if (!IPNetwork.TryParse(value, out network))
        {
            problem = "must be an IP address or a CIDR network such as 10.0.5.0/24";
            return false;
        }
        // 10.0.0.7/8 would allow the whole of 10/8 where the operator may have meant one address.
        if (!network.BaseAddress.Equals(address))
        {
            problem = $"has bits set past its prefix: write {network} for the network, or {address} alone for one address";
            return false;
        }
        problem = null;
        return true;
    }
}
