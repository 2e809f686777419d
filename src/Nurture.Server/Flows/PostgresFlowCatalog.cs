using Nurture.Flows;
using Nurture.Server.Hosting;

namespace Nurture.Server.Flows;

/// <summary>
/// The flows in force, re-read from PostgreSQL every couple of seconds so every node follows a flow
/// saved, activated or paused through any of them. Lead grains read it per event: a plain snapshot.
/// </summary>
public sealed partial class PostgresFlowCatalog(FlowStore store, ILogger<PostgresFlowCatalog> logger)
    : RefreshingService(RefreshInterval, logger), IFlowCatalog
{
    /// <summary>How stale a node's view of the flows may be.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);
    private volatile Snapshot current = new([], new Dictionary<string, (FlowDefinition, string)>());

    private sealed record Snapshot(IReadOnlyList<FlowDefinition> Active, IReadOnlyDictionary<string, (FlowDefinition Flow, string Status)> All);

    public IReadOnlyList<FlowDefinition> Active => current.Active;

    public FlowDefinition? Get(string flowId) => current.All.TryGetValue(flowId, out var entry) ? entry.Flow : null;

    public bool IsRunning(string flowId) => current.All.TryGetValue(flowId, out var entry) && entry.Status == FlowStore.Active;

    /// <summary>Re-reads the flows first when this node's copy says the flow is not running; a failed read throws.</summary>
    public async Task<bool> ConfirmRunningAsync(string flowId, CancellationToken cancellationToken)
    {
        if (IsRunning(flowId)) return true;
        await RefreshAsync(cancellationToken);
        return IsRunning(flowId);
    }

    /// <summary>Re-reads now (after a save or a status change through this node).</summary>
    public override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, (FlowDefinition, string)>(StringComparer.Ordinal);
        foreach (var stored in await store.ListAsync(cancellationToken))
        {
            // Templates deleted since the save do not stop the flow: the send step records that it could not send.
            var (flow, errors) = FlowParser.Parse(stored.Id, stored.Definition, _ => true);
            if (flow is null)
            {
                LogInvalid(stored.Id, stored.Version, string.Join("; ", errors.Select(e => $"{e.Path} {e.Reason}")));
                continue;
            }
            all[stored.Id] = (flow, stored.Status);
        }
        current = new Snapshot(all.Values.Where(v => v.Item2 == FlowStore.Active).Select(v => v.Item1).ToList(), all);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored flow {FlowId} version {Version} is invalid and is ignored: {Errors}")]
    private partial void LogInvalid(string flowId, int version, string errors);
}
