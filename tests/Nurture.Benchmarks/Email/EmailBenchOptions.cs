using System.Globalization;

namespace Nurture.Benchmarks.Email;

/// <summary>Settings of an `email` run: how many emails unpaced, and how many at which configured rate.</summary>
public sealed record EmailBenchOptions
{
    public int Emails { get; init; } = 2000;
    public int PacedEmails { get; init; } = 150;
    public double PacedRate { get; init; } = 25;
    public bool Keep { get; init; }
    public bool Record { get; init; } = true;
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string CommandLine => "dotnet run -c Release --project tests/Nurture.Benchmarks -- email" + string.Concat(Arguments.Select(a => " " + a));

    public static EmailBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new EmailBenchOptions { Arguments = args };
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--emails" => options with { Emails = Positive(Next(args, ref i), "--emails") },
                "--paced" => options with { PacedEmails = Positive(Next(args, ref i), "--paced") },
                "--rate" => options with { PacedRate = Positive(Next(args, ref i), "--rate") },
                "--keep" => options with { Keep = true },
                "--no-record" => options with { Record = false },
                var other => throw new ArgumentException($"unknown option {other}"),
            };
        }
        if (options.PacedEmails > options.Emails) throw new ArgumentException("--paced must not exceed --emails (the paced run mails leads of the first)");
        return options;
    }

    private static string Next(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static int Positive(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive whole number");
}
