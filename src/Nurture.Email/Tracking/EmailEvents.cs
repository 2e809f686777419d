using Nurture.Abstractions.Events;
using Nurture.Email.Outbox;
using Nurture.Flows;
using Nurture.Ingest.Pipeline;

namespace Nurture.Email.Tracking;

/// <summary>
/// Opens, clicks, unsubscribes, bounces and complaints become events of the lead, through the same spool as
/// web events, so they are scored, kept in ClickHouse and shown in the timeline like everything else. Sends
/// and suppressed sends are recorded too (<see cref="RecordOnlyEvents"/>), for the email performance report.
/// </summary>
public sealed class EmailEvents(IngestPipeline pipeline, TimeProvider time)
{
    public const string Open = "email_open";
    public const string Click = "email_click";
    public const string Unsubscribe = "email_unsubscribe";
    public const string Bounce = RecordOnlyEvents.EmailBounce;
    public const string Complaint = RecordOnlyEvents.EmailComplaint;

    /// <summary>The prop <c>machine</c> of a mail-privacy proxy's or prefetcher's open.</summary>
    public const string ProxyMachine = "proxy";
    /// <summary>The prop <c>machine</c> of a link scanner's click.</summary>
    public const string ScannerMachine = "scanner";

    /// <summary>
    /// One event of a send. <paramref name="machine"/> is null for a person, or <see cref="ProxyMachine"/> /
    /// <see cref="ScannerMachine"/>: such events are stored with is_bot = 1 and count apart.
    /// </summary>
    public Task RecordAsync(
        string type, Guid leadId, Guid sendId, string templateId, string? url, string? machine, string? userAgent, CancellationToken cancellationToken,
        IReadOnlyList<(string Key, string Value)>? props = null)
    {
        List<string> keys = ["send_id", "template_id"];
        List<string> values = [sendId.ToString("N"), templateId];
        if (machine is not null)
        {
            keys.Add("machine");
            values.Add(machine);
        }
        foreach (var (key, value) in props ?? [])
        {
            keys.Add(key);
            values.Add(value);
        }
        return AppendAsync(Guid.NewGuid().ToString("N"), type, leadId, url, machine is not null, userAgent, keys, values, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// The send left the outbox (<see cref="RecordOnlyEvents.EmailSent"/>) or was held back for good
    /// (<see cref="RecordOnlyEvents.EmailSuppressed"/>, with its <paramref name="reason"/>). The event id is the send's,
    /// so recording it twice (a retry after a crash) stores one send.
    /// </summary>
    public Task RecordSendAsync(string type, QueuedEmail email, string? reason, CancellationToken cancellationToken)
    {
        List<string> keys = ["send_id", "template_id"];
        List<string> values = [email.Id.ToString("N"), email.TemplateId];
        if (FlowEmailOrigin.FlowOf(email.Origin) is { } flowId && FlowEmailOrigin.StepOf(email.Origin) is { } stepId)
        {
            // The variant is the template the step sent: one for a send step, the bandit's pick for a choose step.
            keys.AddRange(["flow_id", "step_id", "variant"]);
            values.AddRange([flowId, stepId, email.TemplateId]);
        }
        if (reason is not null)
        {
            keys.Add("reason");
            values.Add(reason);
        }
        return AppendAsync($"{type}:{email.Id:N}", type, email.LeadId, null, false, null, keys, values, time.GetUtcNow(), cancellationToken);
    }

    private Task AppendAsync(
        string eventId, string type, Guid leadId, string? url, bool machine, string? userAgent, List<string> keys, List<string> values,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        var e = ServerEvents.Of(eventId, "email", type, leadId, keys, values, at) with
        {
            Url = url,
            IsBot = machine,
            DeviceClass = machine ? "bot" : "unknown",
            UserAgent = userAgent is { Length: > 1024 } ? userAgent[..1024] : userAgent,
        };
        return pipeline.AppendServerEventsAsync([e], cancellationToken);
    }
}
