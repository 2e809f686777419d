using System.Diagnostics;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Cluster;

/// <summary>
/// The files an operator installs on each node (deploy/cluster/): the systemd unit passes systemd's own
/// check, and a server started with the example environment file, changed only where this machine
/// differs, comes up and serves.
/// </summary>
public sealed class DeployFilesTests
{
    /// <summary>
    /// What the example file names for its own network (10.0.0.x), its PostgreSQL and ClickHouse cluster
    /// and its SMTP relay: on this machine the test's loopback ports, fresh databases and SMTP sink
    /// (set by <see cref="ServerProcess"/>) take their place; the ClickHouse cluster settings are left
    /// out (the cluster tests cover them). Every other line of the file is used as it is.
    /// </summary>
    private static readonly HashSet<string> ThisMachine =
    [
        "ASPNETCORE_URLS", "Nurture__Cluster__AdvertisedAddress", "Nurture__Cluster__SiloPort", "Nurture__Cluster__GatewayPort",
        "Nurture__Spool__Directory", "Nurture__Cluster__ClusterId", "ConnectionStrings__Postgres",
        "Nurture__ClickHouse__Url", "Nurture__ClickHouse__Database", "Nurture__ClickHouse__Username", "Nurture__ClickHouse__Password",
        "Nurture__ClickHouse__Cluster", "Nurture__ClickHouse__Replicated",
        "Nurture__ApiKeys__0", "Nurture__Smtp__Host", "Nurture__Smtp__Port", "Nurture__Smtp__Security", "Nurture__Smtp__Username", "Nurture__Smtp__Password",
    ];

    [Fact]
    public async Task TheSystemdUnit_PassesSystemdAnalyzeVerify_WithoutAWarning()
    {
        var analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("systemd-analyze is not installed: deploy/local.sh test installs it (apt-get install systemd)");
        var folder = Directory.CreateTempSubdirectory("nurture-unit-").FullName;
        try
        {
            var unit = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Cluster", "nurture-server@.service"));
            Assert.Contains("ExecStart=/usr/bin/dotnet ", unit);
            // verify also checks that ExecStart's program exists: point it at this machine's dotnet when it lives elsewhere.
            var dotnet = DotnetHost();
            await File.WriteAllTextAsync(Path.Combine(folder, "nurture-server@.service"), unit.Replace("/usr/bin/dotnet", dotnet, StringComparison.Ordinal));
            var info = new ProcessStartInfo(analyze, "verify ./nurture-server@node1.service")
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var run = Process.Start(info)!;
            var stdout = run.StandardOutput.ReadToEndAsync();
            var stderr = run.StandardError.ReadToEndAsync();
            await run.WaitForExitAsync();
            var output = (await stdout + await stderr).Trim();
            Assert.True(run.ExitCode == 0 && output.Length == 0, $"systemd-analyze verify exited {run.ExitCode}:\n{output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AServerStartedWithTheExampleEnvironmentFile_ComesUpAndServes()
    {
        var file = EnvironmentFile(Path.Combine(AppContext.BaseDirectory, "Cluster", "node.env.example"));
        Assert.Superset(ThisMachine, file.Keys.ToHashSet());
        await using var cluster = await ProcessCluster.CreateAsync();
        var node = cluster.AddServer();
        foreach (var (name, value) in file.Where(v => !ThisMachine.Contains(v.Key))) node.SetEnvironment(name, value);
        await node.StartAsync();

        Assert.Contains("Hosting environment: Production", node.Output);
        using var api = node.Client(withApiKey: true);
        var silos = await ClickHouseProbe.GetJsonOrDefaultAsync(api, "/api/cluster");
        Assert.Equal(JsonValueKind.Object, silos.ValueKind);
        Assert.Equal(1, silos.GetProperty("silos").GetArrayLength());
        var (_, siteKey) = await ProcessCluster.CreateSiteAsync(node);
        var ledger = new AcknowledgedEvents();
        Assert.True(await ledger.TrySendAsync(node.Client(), [new TrackerEvent(siteKey, "env-file-visitor", "env-file-event", "page_view", Url: "https://shop.example.com/")]), ledger.LastFailure);
        Assert.Equal(1, await ClickHouseProbe.EventuallyAsync(() => cluster.ClickHouse.CountAsync("visitor_id = 'env-file-visitor'"), n => n == 1, TimeSpan.FromSeconds(30)));
    }

    /// <summary>systemd's EnvironmentFile= as our file uses it: NAME=value lines, # comments, blank lines.</summary>
    private static Dictionary<string, string> EnvironmentFile(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && line[0] is not ('#' or ';'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

    private static string DotnetHost()
    {
        if (File.Exists("/usr/bin/dotnet")) return "/usr/bin/dotnet";
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, "dotnet")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("dotnet is not on PATH");
    }
}
