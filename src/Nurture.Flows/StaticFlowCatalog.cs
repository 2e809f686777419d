namespace Nurture.Flows;

/// <summary>A fixed set of active flows: for tests and tools outside the server.</summary>
public sealed class StaticFlowCatalog(params FlowDefinition[] flows) : IFlowCatalog
{
    public IReadOnlyList<FlowDefinition> Active { get; } = flows;

    public FlowDefinition? Get(string flowId) => Active.FirstOrDefault(f => f.Id == flowId);

    public bool IsRunning(string flowId) => Get(flowId) is not null;

    public Task<bool> ConfirmRunningAsync(string flowId, CancellationToken cancellationToken) => Task.FromResult(IsRunning(flowId));
}
