namespace Nurture.Server.Hosting;

/// <summary>
/// Keeps a node's in-memory copy of shared settings (scoring model, predictive model, flows) in step
/// with PostgreSQL: re-read every few seconds, so a change saved through any node reaches all of them.
/// A failed read keeps the current copy.
/// </summary>
public abstract partial class RefreshingService(TimeSpan interval, ILogger logger) : BackgroundService
{
    /// <summary>Reads the current settings from PostgreSQL into memory.</summary>
    public abstract Task RefreshAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!stoppingToken.IsCancellationRequested) await RefreshSafelyAsync(stoppingToken);
        }
    }

    /// <summary>A refresh whose failure is logged, not thrown: the current copy stays in use.</summary>
    protected async Task RefreshSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogRefreshFailed(logger, ex, GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-reading {Service} from PostgreSQL failed; keeping the current copy")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string service);
}
