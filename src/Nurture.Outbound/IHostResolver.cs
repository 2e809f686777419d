using System.Net;

namespace Nurture.Outbound;

/// <summary>Turns a host name into addresses. An interface so tests can make a name answer differently later (DNS rebinding).</summary>
public interface IHostResolver
{
    /// <summary>The name's addresses; throws <see cref="System.Net.Sockets.SocketException"/> when it does not resolve.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
