using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Outbound;

/// <summary>
/// A TCP server on loopback that reads each request (headers and a Content-Length body) and answers it with
/// fixed bytes: an HTTP answer written by hand, for a Host header no HttpListener prefix would match, or a
/// banner that is not HTTP at all, as an SSH server or a database sends when a webhook URL points at it.
/// </summary>
public sealed class RawServer : IDisposable
{
    public const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> requests = new();

    public RawServer(string address, string reply)
    {
        listener = new TcpListener(IPAddress.Parse(address), 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Url = $"http://{address}:{Port}/";
        _ = Task.Run(() => ServeAsync(Encoding.ASCII.GetBytes(reply)));
    }

    public string Url { get; }
    public int Port { get; }

    /// <summary>Each request as received, headers and body.</summary>
    public IReadOnlyList<string> Requests => requests.ToList();

    public async Task<List<string>> WaitForAsync(Func<string, bool> match) =>
        await ClickHouseProbe.EventuallyAsync(() => Task.FromResult(requests.Where(match).ToList()), l => l.Count > 0);

    private async Task ServeAsync(byte[] reply)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                using var patience = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                patience.CancelAfter(TimeSpan.FromSeconds(5));
                var stream = client.GetStream();
                requests.Enqueue(await ReadRequestAsync(stream, patience.Token));
                await stream.WriteAsync(reply, patience.Token);
                // Then read until the caller hangs up, so closing does not reset the connection before it read the reply.
                var buffer = new byte[4096];
                while (await stream.ReadAsync(buffer, patience.Token) > 0) { }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                // That caller went away; serve the next.
            }
        }
    }

    private static async Task<string> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfBlankLine(received)) < 0)
        {
            var n = await stream.ReadAsync(buffer, cancellationToken);
            if (n == 0) return Encoding.ASCII.GetString([.. received]);
            received.AddRange(buffer.AsSpan(0, n));
        }
        var headers = Encoding.ASCII.GetString([.. received.Take(headerEnd)]);
        var length = headers.Split("\r\n").Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h[1].Trim())).FirstOrDefault();
        while (received.Count < headerEnd + 4 + length)
        {
            var n = await stream.ReadAsync(buffer, cancellationToken);
            if (n == 0) break;
            received.AddRange(buffer.AsSpan(0, n));
        }
        return Encoding.UTF8.GetString([.. received]);
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
        }
        return -1;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }
}
