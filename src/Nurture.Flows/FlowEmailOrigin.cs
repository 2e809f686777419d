namespace Nurture.Flows;

/// <summary>
/// How a flow's send names where it came from in the outbox ("flow:{flowId}/{stepId}"), so the outbox
/// can hold the mail of a paused flow.
/// </summary>
public static class FlowEmailOrigin
{
    private const string Prefix = "flow:";

    public static string For(string flowId, string stepId) => $"{Prefix}{flowId}/{stepId}";

    /// <summary>The prefix every send of the flow has.</summary>
    public static string PrefixOf(string flowId) => $"{Prefix}{flowId}/";

    /// <summary>The flow a send came from; null for any other origin (API sends, hand-off alerts).</summary>
    public static string? FlowOf(string origin)
    {
        if (!origin.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var slash = origin.IndexOf('/', Prefix.Length);
        return slash > Prefix.Length ? origin[Prefix.Length..slash] : null;
    }

    /// <summary>The step of the flow a send came from; null for any other origin.</summary>
    public static string? StepOf(string origin)
    {
        if (FlowOf(origin) is not { } flow) return null;
        var step = origin[(Prefix.Length + flow.Length + 1)..];
        return step.Length > 0 ? step : null;
    }
}
