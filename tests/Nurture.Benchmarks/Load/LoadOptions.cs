using System.Globalization;

namespace Nurture.Benchmarks.Load;

/// <summary>
/// Settings of a load run. The full preset takes several minutes; `--quick` stays under two. Every
/// phase is bounded by these durations and counts, so a run always ends by itself.
/// </summary>
public sealed record LoadOptions
{
    public bool Quick { get; init; }
    /// <summary>Length of each saturation run (wrk baselines, pixel, batch).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Length of the static-path Kestrel calibration run.</summary>
    public TimeSpan CalibrationDuration { get; init; } = TimeSpan.FromSeconds(10);
    public int Connections { get; init; } = 32;
    public int Threads { get; init; } = 1;
    /// <summary>Events per second of the open-loop fixed-rate run.</summary>
    public int Rate { get; init; } = 5000;
    public TimeSpan RateDuration { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>Length of the alert-latency run at rest (the same probe also runs through the fixed-rate run).</summary>
    public TimeSpan AlertDuration { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>
    /// Cumulative active-lead counts at which memory is measured. The last is the population of
    /// returning visitors every later phase sends traffic for.
    /// </summary>
    public IReadOnlyList<int> Leads { get; init; } = [10_000, 100_000];
    public int Sites { get; init; } = 50;
    /// <summary>Share of events from first-time visitors (each one a new lead to create).</summary>
    public double NewVisitorShare { get; init; } = 0.1;
    /// <summary>Longest wait for the spool consumers to catch up after a phase.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Longest a memory step may take, sending and persisting included.</summary>
    public TimeSpan LeadStepTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public long RawInsertRows { get; init; } = 1_000_000;
    /// <summary>
    /// Where the server's spool goes (a folder of the run is made in it); by default the run's own
    /// folder on the repository's disk. For comparing disks: the spool's flush is in every acknowledgement.
    /// </summary>
    public string? SpoolParent { get; init; }
    /// <summary>Keep the databases, spool and logs afterwards (for a look at what happened).</summary>
    public bool Keep { get; init; }
    /// <summary>Write the results into BENCHMARKS.md.</summary>
    public bool Record { get; init; } = true;
    /// <summary>The arguments as given, for "the exact command" in BENCHMARKS.md.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string CommandLine => "dotnet run -c Release --project tests/Nurture.Benchmarks -- load" +
                                 string.Concat(Arguments.Select(a => " " + a));

    public static LoadOptions Quickly => new()
    {
        Quick = true,
        Duration = TimeSpan.FromSeconds(5),
        CalibrationDuration = TimeSpan.FromSeconds(3),
        RateDuration = TimeSpan.FromSeconds(6),
        AlertDuration = TimeSpan.FromSeconds(8),
        Leads = [5_000],
        RawInsertRows = 100_000,
        DrainTimeout = TimeSpan.FromSeconds(8),
        LeadStepTimeout = TimeSpan.FromSeconds(30),
    };

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--quick") ? Quickly : new LoadOptions();
        options = options with { Arguments = args };
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new ArgumentException($"{args[i - 1]} needs a positive whole number");
            options = args[i] switch
            {
                "--quick" => options,
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Number()) },
                "--connections" => options with { Connections = Number() },
                "--threads" => options with { Threads = Number() },
                "--rate" => options with { Rate = Number() },
                "--rate-duration" => options with { RateDuration = TimeSpan.FromSeconds(Number()) },
                "--leads" => options with { Leads = ParseLeads(Value()) },
                "--lead-step-minutes" => options with { LeadStepTimeout = TimeSpan.FromMinutes(Number()) },
                "--sites" => options with { Sites = Number() },
                "--new-visitors" => options with { NewVisitorShare = Share(Value()) },
                "--spool-dir" => options with { SpoolParent = Path.GetFullPath(Value()) },
                "--keep" => options with { Keep = true },
                "--no-record" => options with { Record = false },
                _ => throw new ArgumentException($"unknown option {args[i]} (see `load --help` in Program.cs usage)"),
            };
        }
        return options;
    }

    private static double Share(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1
            ? share : throw new ArgumentException("--new-visitors takes a share between 0 and 1, e.g. 0.1");

    private static int[] ParseLeads(string value)
    {
        var steps = value.Split(',').Select(s => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        if (steps.Length == 0 || steps[0] <= 0 || steps.Zip(steps.Skip(1)).Any(p => p.Second <= p.First))
            throw new ArgumentException("--leads takes increasing positive counts, e.g. 10000,100000");
        return steps;
    }
}
