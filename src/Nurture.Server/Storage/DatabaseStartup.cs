namespace Nurture.Server.Storage;

/// <summary>
/// The first start-up step, before the silo (which reads its SQL from PostgreSQL) and every other service:
/// the schema's migrations, then the cluster's secrets. Registered first, so it starts first.
/// </summary>
/// <param name="connectionString">The configured one: a data source's own hides the password.</param>
public sealed partial class DatabaseStartup(string connectionString, ClusterSecrets secrets, ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PostgresSchema.ApplyAsync(connectionString, logger, cancellationToken);
        await secrets.LoadAsync(cancellationToken);
        LogReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema up to date; cluster secrets loaded")]
    private partial void LogReady();
}
