using System.Net;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Nurture.Outbound;

/// <summary>
/// The one rule for every outbound HTTP call to a URL a user or operator gave us: public addresses only,
/// unless <see cref="OutboundOptions"/> allows an internal host or network; cloud metadata never.
/// </summary>
public sealed class OutboundPolicy
{
    private readonly HashSet<string> hosts;
    private readonly IPNetwork[] networks;

    public OutboundPolicy(IOptions<OutboundOptions> options)
    {
        var o = options.Value;
        hosts = new HashSet<string>(o.AllowedHosts.Select(h => h.Trim().TrimEnd('.')), StringComparer.OrdinalIgnoreCase);
        // Entries that do not parse were refused at start-up by the options' validation.
        networks = [.. o.AllowedNetworks.Select(n => OutboundOptions.TryParseNetwork(n, out var network, out _) ? network : (IPNetwork?)null).OfType<IPNetwork>()];
    }

    /// <summary>Null when Nurture may call <paramref name="address"/>, reached directly or through the name <paramref name="viaHost"/>; otherwise why not.</summary>
    public OutboundRefusal? Check(IPAddress address, string? viaHost)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var kind = AddressClassifier.Classify(address);
        if (kind == AddressKind.Public) return null;
        if (kind != AddressKind.CloudMetadata && ((viaHost is not null && AllowsHost(viaHost)) || networks.Any(n => n.Contains(address)))) return null;
        return new OutboundRefusal(viaHost, address, kind);
    }

    public bool AllowsHost(string host) => hosts.Contains(host.TrimEnd('.'));

    /// <summary>
    /// The address a URL's host spells, in whatever form it came: "127.0.0.1." with its root dot, "[::1]" in
    /// brackets, "fe80::1%25eth0" with an escaped zone (as SocketsHttpHandler hands them over), or the
    /// decimal, hex and octal forms IPAddress reads as well as inet_aton does.
    /// </summary>
    public static bool TryParseLiteral(string host, out IPAddress address)
    {
        var text = host;
        if (text.Length > 1 && text[0] == '[' && text[^1] == ']') text = text[1..^1];
        if (text.Contains('%')) text = Uri.UnescapeDataString(text);
        return IPAddress.TryParse(text.TrimEnd('.'), out address!);
    }
}
