using Microsoft.Extensions.Options;
using Nurture.Abstractions;
using Nurture.Email.Sending;
using Nurture.Flows;
using Nurture.Email.Suppressions;
using Nurture.Email.Tracking;
using Nurture.Abstractions.Events;

namespace Nurture.Email.Outbox;

/// <summary>
/// Works through the outbox: skips suppressed addresses and leads over their frequency cap, holds
/// mail during the lead's quiet hours and the mail of a paused flow, sends the rest with back-off on
/// transient failures. Sends of different leads go out in parallel, one per SMTP connection; one lead's
/// sends stay in order, so its frequency cap counts each before judging the next.
/// </summary>
public sealed partial class OutboxSender(
    EmailOutbox outbox, SuppressionList suppressions, SmtpEmailSender sender, IFlowCatalog flows, EmailEvents events, IOptions<EmailOptions> options,
    IOptions<SmtpOptions> smtp, TimeProvider time, ILogger<OutboxSender> logger) : BackgroundService
{
    private const int MaxAttempts = 8;
    /// <summary>A transient SMTP failure is tried again after 5 s, then 10 s, 20 s, … (the shared <see cref="Backoff"/>), at most about an hour.</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);
    /// <summary>Claimed per round, per connection: enough to keep every connection busy until the round's slowest send ends.</summary>
    private const int ClaimPerConnection = 10;
    /// <summary>
    /// How often a paused flow's send looks again. Starting the flow again releases its sends
    /// (<see cref="EmailOutbox.ReleaseHeldAsync"/>); this only bounds the wait should that be missed.
    /// </summary>
    private static readonly TimeSpan PausedFlowRecheck = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ReclaimAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                var connections = smtp.Value.Connections;
                var claimed = await outbox.ClaimDueAsync(connections * ClaimPerConnection, stoppingToken);
                worked = claimed.Count > 0;
                await Parallel.ForEachAsync(claimed.GroupBy(e => e.LeadId), new ParallelOptions { MaxDegreeOfParallelism = connections, CancellationToken = stoppingToken },
                    async (sends, ct) =>
                    {
                        foreach (var email in sends) await HandleAsync(email, ct);
                    });
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(ex);
            }
            if (!worked) await Task.Delay(TimeSpan.FromMilliseconds(250), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task HandleAsync(QueuedEmail email, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        if (await suppressions.ReasonAsync(email.To, cancellationToken) is { } reason)
        {
            await outbox.MarkAsync(email.Id, EmailOutbox.Suppressed, reason, cancellationToken);
            await RecordAsync(RecordOnlyEvents.EmailSuppressed, email, reason);
            return;
        }
        if (FlowEmailOrigin.FlowOf(email.Origin) is { } flowId && flows.Get(flowId) is not null && !flows.IsRunning(flowId))
        {
            // A marketer pauses a flow to stop its mail too, including what it queued before the pause.
            await outbox.RequeueAsync(email.Id, now + PausedFlowRecheck, EmailOutbox.HeldWhileFlowPaused, countAttempt: false, cancellationToken);
            return;
        }
        var transactional = EmailOutbox.IsTransactional(email.Origin);
        if (!transactional && await outbox.SentToLeadAsync(email.LeadId, now, cancellationToken) is var (day, week) &&
            (day >= o.MaxPerLeadPerDay || week >= o.MaxPerLeadPerWeek))
        {
            await outbox.MarkAsync(email.Id, EmailOutbox.Capped, "frequency cap reached", cancellationToken);
            await RecordAsync(RecordOnlyEvents.EmailSuppressed, email, EmailOutbox.Capped);
            return;
        }
        if (!transactional && QuietHours.EndOf(now, email.TimeZone, o.QuietHoursStart, o.QuietHoursEnd) is { } end)
        {
            await outbox.RequeueAsync(email.Id, end, null, countAttempt: false, cancellationToken);
            return;
        }

        var result = await sender.SendAsync(new OutgoingEmail(email.Id, email.To, email.Subject, email.Html, email.Text, email.UnsubscribeUrl, email.Sender), cancellationToken);
        switch (result.Outcome)
        {
            case SendOutcome.Sent:
                await outbox.MarkAsync(email.Id, EmailOutbox.Sent, null, CancellationToken.None);
                await RecordAsync(RecordOnlyEvents.EmailSent, email, null);
                break;
            case SendOutcome.TransientFailure when email.Attempts < MaxAttempts:
                var backoff = Backoff.Delay(email.Attempts + 1, FirstRetryDelay, MaxRetryDelay);
                await outbox.RequeueAsync(email.Id, now + backoff, result.Error, countAttempt: true, cancellationToken);
                break;
            default:
                await outbox.MarkAsync(email.Id, EmailOutbox.Failed, result.Error, cancellationToken);
                break;
        }
    }

    /// <summary>Mail to the lead (a flow's, the API's, a one-off), not to the team about the lead (alerts, digests).</summary>
    public static bool IsLeadsEmail(string origin) => !EmailOutbox.IsTransactional(origin);

    /// <summary>
    /// The send's event for the reports. The mail went (or was held back) whatever happens here: a failure to record
    /// it is logged, never a reason to send again. Mail to the team (a rep's alert, a user's digest) is not the
    /// lead's: it is left out of the lead's story and of the email reports.
    /// </summary>
    private async Task RecordAsync(string type, QueuedEmail email, string? reason)
    {
        if (!IsLeadsEmail(email.Origin)) return;
        try
        {
            await events.RecordSendAsync(type, email, reason, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            LogNotRecorded(ex, email.Id);
        }
    }

    private async Task ReclaimAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await outbox.ReclaimFromPreviousRunAsync(stoppingToken) is > 0 and var reclaimed) LogReclaimed(reclaimed);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Their leases run out anyway; this only makes it faster.
            LogRoundFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} sends held by this node's previous run (a crash) are queued again")]
    private partial void LogReclaimed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Send {SendId} could not be recorded for the reports")]
    private partial void LogNotRecorded(Exception exception, Guid sendId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An outbox round failed; retrying")]
    private partial void LogRoundFailed(Exception exception);
}
