using Nurture.Abstractions.Leads;

namespace Nurture.Flows;

/// <summary>Queues a flow step's email. The send id is fixed by the caller, so asking twice queues once.</summary>
public interface IFlowEmailSender
{
    /// <summary>False when nothing could be queued (no email address, template gone).</summary>
    Task<bool> QueueAsync(LeadState lead, string templateId, Guid sendId, string origin, CancellationToken cancellationToken);
}
