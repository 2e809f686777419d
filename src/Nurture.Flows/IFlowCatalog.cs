namespace Nurture.Flows;

/// <summary>The flows in force, for the lead grains: active ones enrol, paused ones only keep their runs.</summary>
public interface IFlowCatalog
{
    IReadOnlyList<FlowDefinition> Active { get; }

    /// <summary>The newest definition of a flow, active or paused; null when deleted or never saved.</summary>
    FlowDefinition? Get(string flowId);

    /// <summary>Whether the flow's runs may move on (a paused flow holds them where they are).</summary>
    bool IsRunning(string flowId);

    /// <summary>
    /// Whether the flow runs, asking the source of truth when this copy says otherwise: a resume may
    /// reach a lead before the node holding it has seen the flow started again.
    /// </summary>
    Task<bool> ConfirmRunningAsync(string flowId, CancellationToken cancellationToken);
}
