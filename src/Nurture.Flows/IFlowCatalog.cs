namespace Nurture.Flows;

/// <summary>The flows in force, for the lead grains: active ones enrol, paused ones only keep their runs.</summary>
public interface IFlowCatalog
{
    IReadOnlyList<FlowDefinition> Active { get; }

    /// <summary>The newest definition of a flow, active or paused; null when deleted or never saved.</summary>
    FlowDefinition? Get(string flowId);

    /// <summary>Whether the flow's runs may move on (a paused flow holds them where they are).</summary>
    bool IsRunning(string flowId);
}
