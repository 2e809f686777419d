using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// A real Nurture.Server process (the build next to the tests), for what an in-process host cannot
/// show: kill -9, and several processes forming one cluster.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Dictionary<string, string> environment;
    private readonly StringBuilder output = new();
    private Process? process;

    public ServerProcess(string postgres, string clickHouseDatabase, string spoolDirectory, string clusterId)
    {
        HttpPort = TestEnvironment.FreePort();
        environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{HttpPort}",
            ["ConnectionStrings__Postgres"] = postgres,
            ["Nurture__ApiKeys__0"] = NurtureApp.ApiKey,
            ["Nurture__ClickHouse__Url"] = TestEnvironment.ClickHouseUrl,
            ["Nurture__ClickHouse__Database"] = clickHouseDatabase,
            ["Nurture__Spool__Directory"] = spoolDirectory,
            ["Nurture__Cluster__ClusterId"] = clusterId,
            ["Nurture__Cluster__SiloPort"] = TestEnvironment.FreePort().ToString(),
            ["Nurture__Cluster__GatewayPort"] = TestEnvironment.FreePort().ToString(),
            ["Nurture__Smtp__Port"] = TestEnvironment.SmtpPort.ToString(),
            ["Nurture__Email__QuietHoursStart"] = "0",
            ["Nurture__Email__QuietHoursEnd"] = "0",
            // Every request comes from 127.0.0.1: the abuse limits have tests of their own.
            ["Nurture__Limits__ClientRequestsPerMinute"] = "0",
            ["Nurture__Limits__SiteRequestsPerMinute"] = "0",
            ["Nurture__Limits__EmailLinkRequestsPerMinute"] = "0",
            ["Nurture__Limits__SignInAttemptsPerMinute"] = "0",
            ["Nurture__Limits__EmailsPerVisitor"] = "0",
            ["Nurture__Limits__EmailsPerClient"] = "0",
        };
    }

    public int HttpPort { get; }

    /// <summary>Changes (or, with null, removes) an environment variable before the next start.</summary>
    public void SetEnvironment(string name, string? value)
    {
        if (value is null) environment.Remove(name);
        else environment[name] = value;
    }

    /// <summary>Starts the process and waits for it to exit by itself (a refused configuration).</summary>
    public async Task<int> RunToExitAsync(TimeSpan timeout)
    {
        var launched = Launch();
        using var cts = new CancellationTokenSource(timeout);
        await launched.WaitForExitAsync(cts.Token);
        return launched.ExitCode;
    }
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");
    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>Starts the process (again, after <see cref="Kill"/>: same ports, same spool) and waits for /readyz.</summary>
    public async Task StartAsync()
    {
        var launched = Launch();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (launched.HasExited) throw new InvalidOperationException($"the server exited with {launched.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the server did not become ready:\n{Output}");
    }

    private Process Launch()
    {
        process?.Dispose();
        var started = Process.Start(StartInfo())!;
        process = started;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    private ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Nurture.Server.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return info;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing. What a power cut or the OOM killer does.</summary>
    public void Kill()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.WaitForExit();
    }

    public HttpClient Client(bool withApiKey = false)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (withApiKey) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NurtureApp.ApiKey);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36");
        return client;
    }

    public void Dispose()
    {
        Kill();
        process?.Dispose();
    }
}
