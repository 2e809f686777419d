using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Diagnostics.Runtime;

namespace Nurture.Benchmarks.Heap;

/// <summary>
/// What a running server keeps past its gen-0 collections, by type: attaches to the process (suspending
/// it for a few seconds), groups the objects of each generation by type, and counts the references into
/// gen 1 by the type holding them. Gen 1 holds what the last gen-0 collections promoted, and a
/// reference from an older object is what kept it (the collector finds those through its card table,
/// which is most of a gen-0 pause here). Take it during a load run's steady phase.
/// </summary>
public static class HeapCommand
{
    public static int Run(string[] args)
    {
        var pidAt = Array.IndexOf(args, "--pid");
        if (pidAt < 0 || pidAt + 1 >= args.Length || !int.TryParse(args[pidAt + 1], CultureInfo.InvariantCulture, out var pid))
        {
            Console.Error.WriteLine("heap: --pid N is required (the server's process id, e.g. $(pgrep -f Nurture.Server.dll))");
            return 2;
        }
        var top = 25;
        var topAt = Array.IndexOf(args, "--top");
        if (topAt >= 0 && (topAt + 1 >= args.Length || !int.TryParse(args[topAt + 1], CultureInfo.InvariantCulture, out top) || top < 1))
        {
            Console.Error.WriteLine("heap: --top must be a positive number");
            return 2;
        }

        DataTarget target;
        try
        {
            target = DataTarget.AttachToProcess(pid, suspend: true);
        }
        catch (Exception ex) when (ex is ClrDiagnosticsException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"heap: cannot attach to process {pid}: {ex.Message}");
            return 1;
        }
        using var attached = target;
        if (target.ClrVersions.Length == 0)
        {
            Console.Error.WriteLine($"heap: process {pid} runs no .NET runtime");
            return 1;
        }
        // The server runs on the same shared runtime as this tool; ClrMD does not download the runtime's
        // data-access library on Linux, so take the one next to our own runtime.
        var dac = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), OperatingSystem.IsWindows() ? "mscordaccore.dll" : "libmscordaccore.so");
        using var runtime = target.ClrVersions[0].CreateRuntime(dac, ignoreMismatch: true);
        var census = HeapCensus.Take(runtime.Heap);

        foreach (var generation in new[] { Generation.Generation0, Generation.Generation1, Generation.Generation2 })
        {
            var rows = census.ByType.Where(kv => kv.Key.Generation == generation).OrderByDescending(kv => kv.Value.Bytes).ToList();
            Console.WriteLine($"{generation}: {rows.Sum(r => r.Value.Count):n0} objects, {rows.Sum(r => r.Value.Bytes) / 1e6:0.0} MB");
            foreach (var (key, tally) in rows.Take(top))
                Console.WriteLine($"  {tally.Bytes / 1e3,10:n0} KB {tally.Count,9:n0}  {key.Type}");
        }
        Console.WriteLine("References into gen 1 (holder [its generation] -> object), by the bytes they hold:");
        foreach (var (key, tally) in census.IntoGen1.OrderByDescending(kv => kv.Value.Bytes).Take(top))
            Console.WriteLine($"  {tally.Bytes / 1e3,10:n0} KB {tally.Count,9:n0}  {key.Holder} [{key.HolderGeneration}] -> {key.Held}");
        Console.WriteLine("Strings in gen 1 most often repeated (a value the program could share):");
        foreach (var (text, count) in census.Gen1Strings.Where(kv => kv.Value > 1).OrderByDescending(kv => kv.Value).Take(top))
            Console.WriteLine($"  {count,9:n0}  {text}");
        return 0;
    }
}
