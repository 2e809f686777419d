using Nurture.Abstractions.Leads;
using Nurture.Flows;
using Nurture.Email.Templates;

namespace Nurture.Email.Outbox;

/// <summary>
/// A flow's send step: compose the template for the lead and put it in the outbox. Called from the
/// lead grain's turn on purpose: the decision and its durable record belong to the same event, and it
/// happens once per step, not per event.
/// </summary>
public sealed class FlowEmailSender(EmailTemplateStore templates, EmailComposer composer, EmailOutbox outbox) : IFlowEmailSender
{
    public async Task<bool> QueueAsync(LeadState lead, string templateId, Guid sendId, string origin, CancellationToken cancellationToken)
    {
        if (await templates.GetAsync(templateId, cancellationToken) is not { } template) return false;
        if (composer.Compose(lead, template, sendId, origin) is not { } email) return false;
        await outbox.EnqueueAsync(email, cancellationToken);
        return true;
    }
}
