using System.Globalization;
using System.Runtime.InteropServices;

namespace Nurture.Benchmarks.Load;

/// <summary>A process's resident memory and CPU time so far, read from /proc (Linux).</summary>
public readonly record struct ProcessUsage(long RssBytes, double CpuSeconds)
{
    private const int ScClkTck = 2;
    /// <summary>The unit of /proc's CPU times.</summary>
    public static readonly double TicksPerSecond = sysconf(ScClkTck) is > 0 and var ticks ? ticks : 100;

    public static ProcessUsage Read(int pid)
    {
        var rssLine = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        // "VmRSS:\t  123456 kB": a tab, then spaces only while the number is short of eight digits.
        var rssKb = long.Parse(rssLine.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return new ProcessUsage(rssKb * 1024, (utime + stime) / TicksPerSecond);
    }

    [DllImport("libc", SetLastError = false)]
    private static extern long sysconf(int name);
}
