using System.Globalization;
using System.Runtime.InteropServices;

namespace Nurture.Benchmarks.Results;

/// <summary>The machine a result came from, so numbers from different machines are not compared blindly.</summary>
public sealed record MachineInfo(int Cpus, string CpuModel, double MemoryGiB, string Os, string Runtime, string LoadAverage)
{
    public static MachineInfo Read()
    {
        var model = TryReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = TryReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            ?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var memory = memKb is null ? double.NaN : long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        var load = TryReadLines("/proc/loadavg").FirstOrDefault() is { } line ? string.Join(' ', line.Split(' ').Take(3)) : "?";
        return new MachineInfo(Environment.ProcessorCount, model, memory, RuntimeInformation.OSDescription, $".NET {Environment.Version}", load);
    }

    /// <summary>One line for BENCHMARKS.md.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Cpus} CPUs ({CpuModel}), {MemoryGiB:0.#} GiB RAM, {Os}, {Runtime}; load average at start {LoadAverage}");

    private static IEnumerable<string> TryReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
