using System.Net;

namespace Nurture.Outbound;

/// <summary>The system's resolver (getaddrinfo: /etc/hosts, then DNS).</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
