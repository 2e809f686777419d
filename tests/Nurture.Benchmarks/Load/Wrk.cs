using System.Diagnostics;
using System.Globalization;

namespace Nurture.Benchmarks.Load;

/// <summary>Runs wrk (Debian package `wrk`) and reads report.lua's result line.</summary>
public static class Wrk
{
    public static string LuaDirectory => Path.Combine(AppContext.BaseDirectory, "Load", "Lua");

    /// <summary>Finds wrk, installing it with apt-get when we are root; otherwise says how to get it.</summary>
    public static async Task EnsureInstalledAsync()
    {
        if (await ExitCodeAsync("sh", "-c", "command -v wrk >/dev/null") == 0) return;
        if (Environment.UserName == "root")
        {
            Console.WriteLine("wrk is missing: apt-get install -y wrk");
            await ExitCodeAsync("apt-get", "update");
            if (await ExitCodeAsync("apt-get", "install", "-y", "--no-install-recommends", "wrk") == 0) return;
        }
        throw new InvalidOperationException("wrk is not installed and could not be installed: run `sudo apt-get install -y wrk` (Debian package wrk).");
    }

    /// <summary>Runs wrk; <paramref name="scriptArgs"/> go to the Lua script's init(). Output is kept in <paramref name="logPath"/>.</summary>
    public static async Task<WrkResult> RunAsync(
        string url, string script, int threads, int connections, TimeSpan duration, IReadOnlyList<string> scriptArgs, string logPath)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     $"-t{threads}", $"-c{connections}", $"-d{(int)Math.Ceiling(duration.TotalSeconds)}s", "--latency", "--timeout", "10s",
                     "-s", Path.Combine(LuaDirectory, script), url,
                 })
        {
            info.ArgumentList.Add(arg);
        }
        if (scriptArgs.Count > 0)
        {
            info.ArgumentList.Add("--");
            foreach (var arg in scriptArgs) info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // wrk stops by itself after the duration; the margin only guards against a hang.
        using var guard = new CancellationTokenSource(duration + TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(guard.Token);
        var output = await stdout + await stderr;
        await File.WriteAllTextAsync(logPath, $"wrk {string.Join(' ', info.ArgumentList)}\n{output}");
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("NURTURE_WRK ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"wrk gave no result line (exit {process.ExitCode}):\n{output}");
        return Parse(line);
    }

    public static WrkResult Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => f.Split('=', 2))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        double Ms(string name) => fields[name] / 1000.0;
        return new WrkResult(
            (long)fields["requests"], TimeSpan.FromMicroseconds(fields["duration_us"]),
            (long)(fields["connect"] + fields["read"] + fields["write"]), (long)fields["status"], (long)fields["timeout"],
            Ms("p50"), Ms("p90"), Ms("p95"), Ms("p99"), Ms("p999"), Ms("max"));
    }

    private static async Task<int> ExitCodeAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(info)!;
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
