using System.Net;
using System.Net.Sockets;

namespace Nurture.Outbound;

/// <summary>
/// SocketsHttpHandler's ConnectCallback for outbound calls: resolves the host itself, drops every address
/// the policy refuses, and connects only to one it checked, so a name that answers a public address when
/// saved and an internal one later (DNS rebinding) is refused at the moment it matters.
/// </summary>
public sealed partial class OutboundConnectGuard(OutboundPolicy policy, IHostResolver resolver, ILogger<OutboundConnectGuard> logger)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        string? name = null;
        IPAddress[] resolved;
        if (OutboundPolicy.TryParseLiteral(host, out var literal))
        {
            resolved = [literal];
        }
        else
        {
            name = host.TrimEnd('.');
            if (MetadataHosts.Contains(name)) throw Refused(OutboundRefusal.MetadataName(name), port);
            resolved = await resolver.ResolveAsync(name, cancellationToken);
        }

        OutboundRefusal? refused = null;
        var allowed = new List<IPAddress>(resolved.Length);
        foreach (var address in resolved)
        {
            if (policy.Check(address, name) is { } refusal) refused ??= refusal;
            else allowed.Add(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
        }
        if (allowed.Count == 0)
        {
            if (refused is null) throw new SocketException((int)SocketError.HostNotFound);
            throw Refused(refused, port);
        }

        SocketException? failed = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                failed = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw failed!;
    }

    private OutboundRefusedException Refused(OutboundRefusal refusal, int port)
    {
        var exception = new OutboundRefusedException(refusal);
        LogRefused(port, exception.Message);
        return exception;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An outbound call to port {Port} was not made: {Reason}")]
    private partial void LogRefused(int port, string reason);
}
