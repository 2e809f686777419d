using System.Diagnostics;
using System.Net.Sockets;
using Nurture.Benchmarks.Shared;

namespace Nurture.Benchmarks.Email;

/// <summary>
/// The aiosmtpd sink of the dev stack, started for this run on its own port and Maildir so the count of
/// delivered messages is ours alone. A message counts once the sink has written it to Maildir/new.
/// </summary>
public sealed class SmtpSinkProcess : IDisposable
{
    private const string Program = "/usr/bin/aiosmtpd";
    private readonly ChildProcess process;
    private readonly string newMail;

    private SmtpSinkProcess(ChildProcess process, int port, string maildir)
    {
        this.process = process;
        Port = port;
        newMail = Path.Combine(maildir, "new");
    }

    public int Port { get; }

    public static async Task<SmtpSinkProcess> StartAsync(string runDirectory)
    {
        if (!File.Exists(Program)) throw new InvalidOperationException($"{Program} is missing: apt-get install -y python3-aiosmtpd (deploy/local.sh run installs it).");
        var maildir = Path.Combine(runDirectory, "mail");
        // The Mailbox handler only creates these when the folder itself is new.
        foreach (var part in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(maildir, part));
        var port = FreePorts.Next();
        var child = ChildProcess.Start(Program, ["-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir],
            runDirectory, new Dictionary<string, string>(), Path.Combine(runDirectory, "smtp-sink.log"));
        var sink = new SmtpSinkProcess(child, port, maildir);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (child.HasExited) break;
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return sink;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        sink.Dispose();
        throw new InvalidOperationException($"the SMTP sink did not listen on {port}:\n{child.LogTail()}");
    }

    public int Delivered => Directory.GetFiles(newMail).Length;

    /// <summary>Waits until the sink holds <paramref name="count"/> messages; how long that took, or null.</summary>
    public async Task<TimeSpan?> WaitForAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Delivered >= count) return clock.Elapsed;
            await Task.Delay(20);
        }
        return null;
    }

    public void Dispose() => process.Dispose();
}
