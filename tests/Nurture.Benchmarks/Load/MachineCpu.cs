using System.Globalization;

namespace Nurture.Benchmarks.Load;

/// <summary>
/// CPU time the whole machine has spent busy so far (every process and the kernel, all cores), from
/// /proc/stat: user, nice, system, irq and softirq; idle, I/O wait and time stolen by the hypervisor
/// are not ours. Read around a phase it says what an event costs the machine — the server, the load
/// generator, PostgreSQL and ClickHouse together — which is what the machine's throughput is bound by.
/// </summary>
public static class MachineCpu
{
    public static double BusySeconds()
    {
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice" (guest time is inside user).
        var fields = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7);
        return busy / ProcessUsage.TicksPerSecond;
    }
}
