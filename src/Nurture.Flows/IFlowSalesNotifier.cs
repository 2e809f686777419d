using Nurture.Abstractions.Leads;

namespace Nurture.Flows;

/// <summary>Hands a lead to sales from a flow step. The alert id is fixed by the caller, so asking twice alerts once.</summary>
public interface IFlowSalesNotifier
{
    /// <summary>False when no alert could be recorded.</summary>
    Task<bool> NotifyAsync(LeadState lead, Guid alertId, string note, DateTimeOffset at, CancellationToken cancellationToken);
}
