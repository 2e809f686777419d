using System.Diagnostics;

namespace Nurture.Benchmarks.Shared;

/// <summary>
/// A process this benchmark started, its output going straight to a log file. Started through
/// `sh -c exec` so the pid is the program's own (its /proc entry is what we measure) and so no CPU of
/// ours is spent relaying its logs. Stopped by that pid only.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process process;

    private ChildProcess(Process process, string logPath)
    {
        this.process = process;
        LogPath = logPath;
    }

    public int Pid => process.Id;
    public string LogPath { get; }
    public bool HasExited => process.HasExited;

    public static ChildProcess Start(
        string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var info = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("log=$1; shift; exec \"$@\" >\"$log\" 2>&1");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(logPath);
        info.ArgumentList.Add(program);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}"), logPath);
    }

    /// <summary>The end of the log, for error messages.</summary>
    public string LogTail(int lines = 40)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
    }
}
