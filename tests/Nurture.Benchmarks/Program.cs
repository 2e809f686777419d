using System.Globalization;
using Nurture.Benchmarks.Analysis;
using Nurture.Benchmarks.Baseline;
using Nurture.Benchmarks.Email;
using Nurture.Benchmarks.Heap;
using Nurture.Benchmarks.Load;
using Nurture.Benchmarks.Micro;

// One executable, one command per kind of run. Results and the commands that made them: BENCHMARKS.md.
// Numbers are written for a Markdown file read anywhere: one culture for all of them.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var command = args.Length > 0 ? args[0] : "";
var rest = args.Skip(1).ToArray();
return command switch
{
    "load" => await LoadCommand.RunAsync(rest),
    "micro" => MicroCommand.Run(rest),
    "analysis" => await AnalysisCommand.RunAsync(rest),
    "email" => await EmailCommand.RunAsync(rest),
    "heap" => HeapCommand.Run(rest),
    "baseline-kestrel" => await KestrelBaseline.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project tests/Nurture.Benchmarks -- <command> [options]

          load [--quick] [--duration S] [--connections N] [--threads N] [--rate N] [--rate-duration S]
               [--leads 10000,100000] [--lead-step-minutes 10] [--sites N] [--new-visitors 0.1] [--spool-dir DIR] [--keep] [--no-record]
              Load benchmark of a real server over loopback, with bare Kestrel and raw ClickHouse
              baselines from the same run. Needs NURTURE_TEST_PG, NURTURE_TEST_CLICKHOUSE and wrk.
          micro [BenchmarkDotNet options, e.g. --filter *Spool*]
              Micro-benchmarks of the ingest hot paths (short jobs).
          analysis [--leads 100000] [--events 1000000] [--repeat 5] [--keep] [--no-record]
              Source analysis, funnel, lead list and segment queries on ClickHouse at that size,
              against a full scan of the events in the same run. Needs NURTURE_TEST_CLICKHOUSE.
          email [--emails 2000] [--paced 150] [--rate 25] [--keep] [--no-record]
              Sending throughput of the outbox into a local aiosmtpd sink against the server's SMTP
              sender alone in the same run, then the configured send rate holding. Needs NURTURE_TEST_PG.
          heap --pid N [--top 25]
              What a running server keeps past its gen-0 collections: its objects by generation and
              type, and the references into gen 1 by the type holding them (suspends it for seconds).
          baseline-kestrel --port N
              The bare Kestrel GIF endpoint `load` compares with (started by `load` itself).
        """);
    return 2;
}
