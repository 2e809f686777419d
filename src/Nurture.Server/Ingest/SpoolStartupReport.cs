using Nurture.Spool;

namespace Nurture.Server.Ingest;

/// <summary>Logs what the spool found on open (for example a record torn by a crash, and cut off).</summary>
public sealed partial class SpoolStartupReport(EventSpool spool, ILogger<SpoolStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in spool.Warnings) LogRepaired(warning);
        LogOpened(spool.NodeId, spool.CommittedSeq);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spool repaired on open: {Warning}")]
    private partial void LogRepaired(string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Spool of node {NodeId} opened at sequence {Seq}")]
    private partial void LogOpened(string nodeId, long seq);
}
