using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// HAProxy with the shipped deploy/cluster/haproxy.cfg (from its defaults section on), listening on
/// free loopback ports (plain HTTP and TLS, with a certificate made for the run) in front of server
/// processes: the same health check, balancing, headers and TLS settings an operator installs.
/// </summary>
public sealed class HaproxyProcess : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "nurture-haproxy-" + Guid.NewGuid().ToString("N"));
    private readonly StringBuilder output = new();
    private readonly IReadOnlyList<int> backendPorts;
    private Process? process;

    public HaproxyProcess(IReadOnlyList<int> backendPorts)
    {
        this.backendPorts = backendPorts;
        Port = TestEnvironment.FreePort();
        TlsPort = TestEnvironment.FreePort();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        CertificatePem = certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
        CertificateThumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public int TlsPort { get; }
    public Uri TlsBaseAddress => new($"https://127.0.0.1:{TlsPort}");
    /// <summary>The balancer's certificate and key, as HAProxy reads them (one PEM file).</summary>
    private string CertificatePem { get; }
    /// <summary>What a client pins instead of trusting a CA: the SHA-256 of the balancer's certificate.</summary>
    public string CertificateThumbprint { get; }
    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>deploy/local.sh test installs haproxy and names it; a run that wants this test but lacks it fails here.</summary>
    public static string Binary
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("NURTURE_TEST_HAPROXY") is { Length: > 0 } configured ? configured : "/usr/sbin/haproxy";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"haproxy is not installed at {path}: deploy/local.sh test installs it (apt-get install haproxy), or set NURTURE_TEST_HAPROXY.");
        }
    }

    public async Task StartAsync()
    {
        var binary = Binary;
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(Path.Combine(folder, "nurture.pem"), CertificatePem);
        await File.WriteAllTextAsync(config, Configuration());
        var check = await RunAsync(binary, $"-c -f {config}");
        if (check.ExitCode != 0) throw new InvalidOperationException($"haproxy refused the configuration:\n{check.Output}\n{await File.ReadAllTextAsync(config)}");

        var info = new ProcessStartInfo(binary, $"-db -f {config}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"haproxy exited with {process.ExitCode}:\n{Output}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                using var tlsProbe = new TcpClient();
                await tlsProbe.ConnectAsync("127.0.0.1", TlsPort);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"haproxy did not listen on {Port}:\n{Output}");
    }

    /// <summary>
    /// The shipped file from `defaults` on; our addresses in its bind lines (the TLS one with our
    /// certificate, its other options as shipped) and servers instead of the example ones; a global
    /// section for a foreground process.
    /// </summary>
    private string Configuration()
    {
        var shipped = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Cluster", "haproxy.cfg"));
        var config = new StringBuilder("global\n    maxconn 4000\n\n");
        var serversWritten = false;
        var tlsBound = false;
        foreach (var line in shipped.SkipWhile(l => !l.StartsWith("defaults", StringComparison.Ordinal)))
        {
            var text = line.Trim();
            if (text.StartsWith("log ", StringComparison.Ordinal) || text is "option httplog" or "option dontlognull") continue;
            if (text.StartsWith("bind ", StringComparison.Ordinal))
            {
                var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var tls = words.Contains("ssl");
                words[1] = $"127.0.0.1:{(tls ? TlsPort : Port)}";
                if (tls) words[Array.IndexOf(words, "crt") + 1] = Path.Combine(folder, "nurture.pem");
                tlsBound |= tls;
                config.Append("    ").AppendJoin(' ', words).Append('\n');
            }
            else if (text.StartsWith("server ", StringComparison.Ordinal))
            {
                if (serversWritten) continue;
                for (var i = 0; i < backendPorts.Count; i++) config.Append($"    server node{i + 1} 127.0.0.1:{backendPorts[i]}\n");
                serversWritten = true;
            }
            else
            {
                config.Append(line).Append('\n');
            }
        }
        if (!serversWritten) throw new InvalidOperationException("deploy/cluster/haproxy.cfg has no server lines to replace");
        if (!tlsBound) throw new InvalidOperationException("deploy/cluster/haproxy.cfg has no TLS bind line (bind ... ssl crt ...)");
        return config.ToString();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string binary, string arguments)
    {
        using var run = Process.Start(new ProcessStartInfo(binary, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        return (run.ExitCode, await stdout + await stderr);
    }

    public void Dispose()
    {
        if (process is { HasExited: false }) process.Kill();
        process?.WaitForExit();
        process?.Dispose();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
