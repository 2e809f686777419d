using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Nurture.Benchmarks.Load.Traffic;

namespace Nurture.Benchmarks.Load;

/// <summary>Latency counts failed requests (errors, no answer within the timeout) as infinitely slow.</summary>
public sealed record FixedRateResult(int Rate, TimeSpan Duration, long Sent, long Acknowledged, long Failed, TimeSpan SendingTook, Percentiles Latency)
{
    public double AchievedRate => Sent / SendingTook.TotalSeconds;
}

/// <summary>
/// An open-loop pixel generator in the manner of wrk2: request i is due at start + i/rate, on one of a
/// fixed set of keep-alive connections, whether or not earlier requests were answered. When a
/// connection is still waiting for its previous answer at a request's due time, the server held that
/// request back, and its latency counts from the due time (no coordinated omission); when the
/// connection was free, it counts from the moment the request went out, so the generator's own timer
/// slack is not charged to the server. Requests are raw HTTP/1.1 bytes written in advance: an
/// HttpClient costs this two-core machine more per request than bare Kestrel does, and its own
/// latency (p99 20 ms at 5,000 requests/s against bare Kestrel, measured) hid everything below it.
/// </summary>
public static class FixedRateLoad
{
    /// <summary>Bounds the run when the server cannot keep up; such requests count as failed.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Each connection carries about this many requests per second.</summary>
    private const int RatePerConnection = 50;

    public static async Task<FixedRateResult> RunAsync(Uri server, TrafficModel traffic, int rate, TimeSpan duration, string runTag)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var requests = new byte[total][];
        for (var i = 0; i < total; i++)
        {
            var path = traffic.PixelPath($"{runTag}-{i}", out var userAgent);
            requests[i] = Encoding.Latin1.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server.Authority}\r\nUser-Agent: {userAgent}\r\n\r\n");
        }
        var connections = Math.Clamp(rate / RatePerConnection, 16, 256);
        var latencies = new double[total];
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;
        // A moment for the connections to open before the first request is due.
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        var lastSent = start;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(() => ConnectionAsync(c))));
        var acknowledged = latencies.LongCount(double.IsFinite);
        return new FixedRateResult(rate, duration, total, acknowledged, total - acknowledged,
            Stopwatch.GetElapsedTime(start, Interlocked.Read(ref lastSent)), Percentiles.Of(latencies));

        async Task ConnectionAsync(int connection)
        {
            Socket? socket = null;
            var buffer = new byte[4096];
            var previousAnswer = 0L;
            for (var i = connection; i < total; i += connections)
            {
                var due = start + (long)(i * ticksPerRequest);
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                using var timeout = new CancellationTokenSource(RequestTimeout);
                try
                {
                    socket ??= await ConnectAsync(server, timeout.Token);
                    var sentAt = Stopwatch.GetTimestamp();
                    InterlockedMax(ref lastSent, sentAt);
                    await socket.SendAsync(requests[i], SocketFlags.None, timeout.Token);
                    var ok = await ReadGifResponseAsync(socket, buffer, timeout.Token);
                    var answeredAt = Stopwatch.GetTimestamp();
                    var from = previousAnswer > due ? due : sentAt;
                    latencies[i] = ok ? Stopwatch.GetElapsedTime(from, answeredAt).TotalMilliseconds : double.PositiveInfinity;
                    previousAnswer = answeredAt;
                    if (!ok) Reset(ref socket);
                }
                catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
                {
                    latencies[i] = double.PositiveInfinity;
                    previousAnswer = Stopwatch.GetTimestamp();
                    Reset(ref socket);
                }
            }
            socket?.Dispose();
        }
    }

    private static async Task<Socket> ConnectAsync(Uri server, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads one response; true for a 200 with the 43-byte GIF. Pixel answers fit the buffer.</summary>
    private static async Task<bool> ReadGifResponseAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        var headerEnd = -1;
        var expected = -1;
        while (expected < 0 || read < expected)
        {
            if (read == buffer.Length) return false;
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0) return false;
            read += n;
            if (headerEnd >= 0) continue;
            headerEnd = buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0) continue;
            if (ContentLength(buffer.AsSpan(0, headerEnd)) is not { } length) return false;
            expected = headerEnd + 4 + length;
        }
        return buffer.AsSpan().StartsWith("HTTP/1.1 200 "u8) && expected - headerEnd - 4 == 43 && read == expected;
    }

    private static int? ContentLength(ReadOnlySpan<byte> headers)
    {
        var text = Encoding.Latin1.GetString(headers);
        foreach (var line in text.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) && int.TryParse(line.AsSpan(15).Trim(), out var length)) return length;
        }
        return null;
    }

    private static void Reset(ref Socket? socket)
    {
        socket?.Dispose();
        socket = null;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
