using System.Diagnostics;
using System.Net.Sockets;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Cluster;

/// <summary>
/// deploy/local.sh after a crash: a port still held by one of the profile's own processes on its way out
/// is waited for, so `run` right after a kill is one command; another program's port is refused at once.
/// </summary>
public sealed class LocalScriptTests
{
    [Fact]
    public async Task RequireFree_APortHeldByTheProfilesOwnDyingProcess_IsWaitedFor()
    {
        var port = TestEnvironment.FreePort();
        using var holder = await HoldAsync(port, seconds: 2, marker: Path.Combine(Root(), ".data", "test", "spool"));
        var clock = Stopwatch.StartNew();

        var (exitCode, output) = await RequireFreeAsync(port);

        Assert.True(exitCode == 0, output);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 20);
        Assert.Contains("waiting", output);
    }

    [Fact]
    public async Task RequireFree_APortAnotherProgramHolds_IsRefusedAtOnce()
    {
        var port = TestEnvironment.FreePort();
        using var holder = await HoldAsync(port, seconds: 60, marker: "/tmp/some-other-program");
        var clock = Stopwatch.StartNew();

        var (exitCode, output) = await RequireFreeAsync(port);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"port {port} is taken by another process", output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    /// <summary>The checkout the test stack runs from: deploy/local.sh test names its own script in NURTURE_TEST_CH_START.</summary>
    private static string Root()
    {
        var command = Environment.GetEnvironmentVariable("NURTURE_TEST_CH_START")
            ?? throw new InvalidOperationException("NURTURE_TEST_CH_START is not set: run the tests through deploy/local.sh test.");
        return Path.GetDirectoryName(Path.GetDirectoryName(command.Split(' ')[0]))!;
    }

    private static async Task<(int ExitCode, string Output)> RequireFreeAsync(int port)
    {
        var info = new ProcessStartInfo("/bin/bash", [Path.Combine(Root(), "deploy", "local.sh"), "_require_free", "test", "SMTP_PORT"])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment["NURTURE_TEST_SMTP_PORT"] = port.ToString();
        using var run = Process.Start(info)!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        return (run.ExitCode, await stdout + await stderr);
    }

    /// <summary>A process listening on the port for a while, with the marker on its command line (as a profile's processes carry their data folder).</summary>
    private static async Task<Process> HoldAsync(int port, int seconds, string marker)
    {
        const string script = "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.0.1',int(sys.argv[1])))\ns.listen()\ntime.sleep(float(sys.argv[2]))";
        var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", script, port.ToString(), seconds.ToString(), marker]) { UseShellExecute = false })!;
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return process;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"the holder never listened on {port}");
    }
}
