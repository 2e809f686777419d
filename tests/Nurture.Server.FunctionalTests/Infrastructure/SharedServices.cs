using System.Diagnostics;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// Stops, starts and restarts the shared PostgreSQL and ClickHouse for fault tests, through the commands
/// deploy/local.sh test puts in NURTURE_TEST_CH_STOP, NURTURE_TEST_CH_START and NURTURE_TEST_PG_RESTART.
/// </summary>
public static class SharedServices
{
    public static async Task RunAsync(string variable)
    {
        var command = Environment.GetEnvironmentVariable(variable)
            ?? throw new InvalidOperationException($"{variable} is not set: run the tests through deploy/local.sh test.");
        using var process = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", command]) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{variable} ({command}) exited with {process.ExitCode}");
        // Connections pooled before a restart are dead: later tests must not be handed one.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}
