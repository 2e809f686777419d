using Nurture.Abstractions.Leads;

namespace Nurture.Leads;

/// <summary>Receives a lead's row for the lead list each time the lead's state is saved.</summary>
public interface ILeadProfileSink
{
    ValueTask PublishAsync(LeadProfile profile, CancellationToken cancellationToken);
}
