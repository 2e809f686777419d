namespace Nurture.Benchmarks.Shared;

/// <summary>
/// The frame of a command that starts real processes: parse the options, run, and turn the expected
/// failures into a message and an exit code (2: bad options, 1: the run could not finish) instead of a stack trace.
/// </summary>
public static class BenchCommand
{
    public static async Task<int> RunAsync<TOptions>(string name, string[] args, Func<string[], TOptions> parse, Func<TOptions, Task<int>> run)
    {
        TOptions options;
        try
        {
            options = parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"{name}: {ex.Message}");
            return 2;
        }
        try
        {
            return await run(options);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException or Npgsql.NpgsqlException)
        {
            Console.Error.WriteLine($"{name}: {ex.Message}");
            return 1;
        }
    }
}
