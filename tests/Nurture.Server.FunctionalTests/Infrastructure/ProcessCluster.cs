using System.Net.Http.Json;
using System.Text.Json;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>Fresh databases for tests that run real server processes, and helpers shared by them.</summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly List<ServerProcess> servers = [];

    private ProcessCluster(string postgres, ClickHouseProbe clickHouse)
    {
        Postgres = postgres;
        ClickHouse = clickHouse;
        ClusterId = "proc-" + clickHouse.Database;
    }

    public string Postgres { get; }
    public ClickHouseProbe ClickHouse { get; }
    public string ClusterId { get; }

    public static async Task<ProcessCluster> CreateAsync() =>
        new(await TestEnvironment.CreatePostgresDatabaseAsync(TestEnvironment.UniqueName("np")), new ClickHouseProbe(TestEnvironment.UniqueName("np")));

    /// <summary>A server with its own spool folder (or the given one, to restart a killed node on its spool).</summary>
    public ServerProcess AddServer(string? spoolDirectory = null)
    {
        var server = new ServerProcess(Postgres, ClickHouse.Database,
            spoolDirectory ?? Path.Combine(Path.GetTempPath(), "nurture-spool-" + Guid.NewGuid().ToString("N")), ClusterId);
        servers.Add(server);
        return server;
    }

    public static async Task<(Guid Id, string Key)> CreateSiteAsync(ServerProcess server)
    {
        using var response = await server.Client(withApiKey: true).PostAsJsonAsync("/api/sites", new { name = "Process test" });
        response.EnsureSuccessStatusCode();
        var site = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (site.GetProperty("id").GetGuid(), site.GetProperty("siteKey").GetString()!);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var server in servers) server.Dispose();
        return ValueTask.CompletedTask;
    }
}
