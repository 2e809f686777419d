using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Nurture.Benchmarks.Results;

namespace Nurture.Benchmarks.Micro;

/// <summary>
/// `micro`: BenchmarkDotNet over the hot paths, with short jobs so the suite takes minutes on two
/// cores. In-process: no per-run project generation and build (a minute or more here), at the price
/// of sharing the process with the runner, which short, allocation-light benchmarks tolerate.
/// </summary>
public static class MicroCommand
{
    public static int Run(string[] args)
    {
        var job = Job.ShortRun
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Short in-process");
        var config = DefaultConfig.Instance
            .AddJob(job)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.JoinSummary)
            // One table, grouped by class in the order the classes and methods are written.
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared));
        // Without a filter BenchmarkDotNet asks on the console which benchmarks to run: run them all.
        var arguments = args.Contains("--filter") ? args : [.. args, "--filter", "*"];
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run(arguments, config).ToList();
        if (summaries.Count == 0 || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0)) return 1;

        BenchmarksFile.ReplaceSection("micro", "Micro-benchmarks, latest run", Render(summaries, args));
        Console.WriteLine($"recorded in {BenchmarksFile.PathInRepo}");
        return summaries.All(s => s.Reports.All(r => r.Success)) ? 0 : 1;
    }

    private static string Render(IReadOnlyList<Summary> summaries, string[] args)
    {
        var log = new AccumulationLogger();
        foreach (var summary in summaries) MarkdownExporter.GitHub.ExportToLog(summary, log);
        return $"""
            Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.
            Command: `dotnet run -c Release --project tests/Nurture.Benchmarks -- micro{string.Concat(args.Select(a => " " + a))}`
            Machine: {MachineInfo.Read().Describe()}.
            Times are per item (per event, per user agent, per 20-event batch, per Apply), averaged over the sample mix.

            {log.GetLog().Trim()}
            """;
    }
}
