using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Nurture.Benchmarks.Load.Traffic;
using Nurture.Benchmarks.Shared;

namespace Nurture.Benchmarks.Load;

/// <summary>
/// The Nurture server being measured: its own Release build as a separate process, on free loopback
/// ports, against the run's fresh databases and a spool on the real disk (fsync must cost what it costs).
/// </summary>
public sealed class ServerUnderTest : IDisposable
{
    private readonly ChildProcess process;
    private readonly HttpClient http;

    private ServerUnderTest(ChildProcess process, Uri baseAddress, string apiKey)
    {
        this.process = process;
        BaseAddress = baseAddress;
        http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public Uri BaseAddress { get; }
    public int Pid => process.Pid;
    public string LogPath => process.LogPath;

    /// <param name="settings">Extra configuration as environment variables (Nurture__Section__Key), over the defaults.</param>
    public static async Task<ServerUnderTest> StartAsync(
        string repoRoot, BenchDatabases databases, string runDirectory, string runId, IReadOnlyDictionary<string, string>? settings = null)
    {
        var serverDirectory = Path.Combine(repoRoot, "src", "Nurture.Server");
        var dll = Path.Combine(serverDirectory, "bin", "Release", "net10.0", "Nurture.Server.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: build it with `dotnet build -c Release src/Nurture.Server` (dotnet run -c Release of this project does it).");
        var port = FreePorts.Next();
        var apiKey = "bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__Postgres"] = databases.ServerPostgres,
            ["Nurture__ApiKeys__0"] = apiKey,
            ["Nurture__ClickHouse__Url"] = databases.ClickHouseUrl,
            ["Nurture__ClickHouse__Database"] = databases.Name,
            ["Nurture__Spool__Directory"] = Path.Combine(runDirectory, "spool"),
            ["Nurture__Cluster__ClusterId"] = $"bench-{runId}",
            ["Nurture__Cluster__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nurture__Cluster__GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Every request comes from 127.0.0.1: the abuse limits have tests of their own.
            ["Nurture__Limits__ClientRequestsPerMinute"] = "0",
            ["Nurture__Limits__SiteRequestsPerMinute"] = "0",
            ["Nurture__Limits__EmailLinkRequestsPerMinute"] = "0",
            ["Nurture__Limits__SignInAttemptsPerMinute"] = "0",
            ["Nurture__Limits__EmailsPerVisitor"] = "0",
            ["Nurture__Limits__EmailsPerClient"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        var child = ChildProcess.Start("dotnet", [dll], serverDirectory, environment, Path.Combine(runDirectory, "server.log"));
        var server = new ServerUnderTest(child, new Uri($"http://127.0.0.1:{port}"), apiKey);
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(120));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public ProcessUsage Usage() => ProcessUsage.Read(Pid);

    public async Task<BenchSite> CreateSiteAsync(string name, string host)
    {
        var site = await CallAsync(HttpMethod.Post, "/api/sites", new { name, allowedOrigins = Array.Empty<string>() });
        return new BenchSite(site.GetProperty("id").GetGuid(), site.GetProperty("siteKey").GetString()!, host);
    }

    /// <summary>An API call with the run's key; a JSON answer, or an exception naming the status and body.</summary>
    public async Task<JsonElement> CallAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<ServerMetrics> MetricsAsync() => ServerMetrics.Parse(await http.GetStringAsync("/metrics"));

    /// <summary>
    /// Waits until every spool consumer (ClickHouse writer, lead dispatcher) has taken everything
    /// acknowledged. Answers how long that took, or null when it did not happen within the timeout.
    /// </summary>
    public async Task<TimeSpan?> WaitForConsumersAsync(TimeSpan timeout) =>
        await WaitUntilAsync(m => m.MaxConsumerLag == 0, timeout);

    /// <summary>Waits until ClickHouse has every accepted event (the writer's own count and its lag).</summary>
    public async Task<TimeSpan?> WaitForClickHouseAsync(TimeSpan timeout) =>
        await WaitUntilAsync(m => m.ConsumerLag("clickhouse") == 0 && m.ClickHouseRowsWritten >= m.Accepted, timeout);

    private async Task<TimeSpan?> WaitUntilAsync(Func<ServerMetrics, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (done(await MetricsAsync())) return clock.Elapsed;
            await Task.Delay(100);
        }
        return null;
    }

    /// <summary>Ready means PostgreSQL answers and the ClickHouse writer has its schema (status "ready").</summary>
    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"the server exited during start-up:\n{process.LogTail()}");
            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"status\":\"ready\"", StringComparison.Ordinal))
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer while starting.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the server was not ready within {timeout.TotalSeconds} s:\n{process.LogTail()}");
    }

    public void Dispose()
    {
        http.Dispose();
        process.Dispose();
    }
}
