using System.Diagnostics;
using System.Security.Cryptography;
using Nurture.Benchmarks.Results;
using Nurture.Benchmarks.Shared;

namespace Nurture.Benchmarks.Load;

/// <summary>`load`: prepares a run (databases, folders), runs its phases, reports and records the results.</summary>
public static class LoadCommand
{
    public static Task<int> RunAsync(string[] args) => BenchCommand.RunAsync("load", args, LoadOptions.Parse, RunAsync);

    private static async Task<int> RunAsync(LoadOptions options)
    {
        var repoRoot = RepoRoot.Find();
        await Wrk.EnsureInstalledAsync();
        var runId = $"{DateTime.UtcNow:yyyyMMddHHmmss}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        // On the repository's disk (git-ignored), not /tmp: the spool's fsync must cost what it costs on a real disk.
        var runDirectory = Path.Combine(repoRoot, ".data", "bench", runId);
        Directory.CreateDirectory(runDirectory);
        var spoolDirectory = options.SpoolParent is { } parent ? Path.Combine(parent, $"nurture-bench-spool-{runId}") : Path.Combine(runDirectory, "spool");
        var results = new LoadResults { Options = options, Machine = MachineInfo.Read(), StartedAt = DateTimeOffset.UtcNow };
        Console.WriteLine($"load run {runId}: {results.Machine.Describe()}; logs in {runDirectory}");

        var databases = await BenchDatabases.CreateAsync(runId);
        var clock = Stopwatch.StartNew();
        var completed = false;
        try
        {
            using var clickHouse = new ClickHouseHttp(databases.ClickHouseUrl);
            await new LoadRun(options, results, databases, clickHouse, repoRoot, runDirectory, spoolDirectory, runId).ExecuteAsync();
            completed = true;
        }
        finally
        {
            results.Took = clock.Elapsed;
            if (options.Keep || !completed)
            {
                Console.WriteLine($"kept for inspection: {runDirectory}, the spool {spoolDirectory}, PostgreSQL and ClickHouse databases {databases.Name} (and {databases.RawClickHouse})");
            }
            else
            {
                // The logs are small and explain surprises (the server's errors, wrk's output): keep them.
                await databases.DropAsync();
                Directory.Delete(spoolDirectory, recursive: true);
                Console.WriteLine($"logs kept in {runDirectory}");
            }
        }

        var report = LoadReport.Render(results);
        Console.WriteLine();
        Console.WriteLine(report);
        if (options.Record)
        {
            var kind = options.Quick ? "quick" : "full";
            BenchmarksFile.ReplaceSection($"load-{kind}", $"Load benchmark ({kind}), latest run", report);
            BenchmarksFile.AppendRow("load-history", "Load benchmark history", LoadReport.HistoryHeader, LoadReport.HistoryRow(results));
            Console.WriteLine($"recorded in {BenchmarksFile.PathInRepo}");
        }
        // Slow is a finding; a lost event is a failure.
        return results.Audit?.AllLanded == true ? 0 : 1;
    }
}
