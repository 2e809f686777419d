using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Nurture.Abstractions;
using Nurture.Abstractions.Leads;
using Nurture.Scoring;
using Nurture.Email.Outbox;
using Nurture.Email;
using Nurture.Handoff.Reps;
using Nurture.Handoff.Webhooks;
using Nurture.Handoff.Sales;

namespace Nurture.Handoff.Alerts;

/// <summary>
/// Works the alerts recorded by <see cref="HotLeadAlerter"/>: assigns the lead, renders the alert,
/// queues the rep's email in the outbox and calls the webhooks (each call with its quick in-process retries,
/// see <see cref="Outbound.OutboundResilience"/>), retrying failed deliveries on a durable schedule in
/// PostgreSQL (the shared <see cref="Backoff"/>) until delivered or dead. Woken by <see cref="AlertSignal"/>, and polls for retries and for
/// alerts a restart left behind.
/// </summary>
public sealed partial class HandoffWorker(
    AlertStore alerts, AlertSignal signal, InboxSignal inboxes, RepAssigner assigner, IGrainFactory grains, IScoringModelSource models,
    EmailOutbox outbox, WebhookClient webhooks, IOptions<HandoffOptions> options, IOptions<EmailOptions> emailOptions,
    TimeProvider time, ILogger<HandoffWorker> logger) : BackgroundService
{
    public const string WorkspaceTarget = "workspace";
    private const int BatchSize = 50;
    /// <summary>However many attempts an operator allows, a delivery waits at most about this long for its next one.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var alert in await alerts.PendingAsync(BatchSize, stoppingToken)) await PrepareAsync(alert, stoppingToken);
                await Task.WhenAll((await alerts.ClaimDueAsync(BatchSize, stoppingToken)).Select(d => DeliverAsync(d, stoppingToken)));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(ex);
            }
            await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task PrepareAsync(PendingAlert alert, CancellationToken cancellationToken)
    {
        var lead = await LeadResolver.ResolveAsync(grains, alert.LeadId) ?? new LeadState { Id = alert.LeadId };
        var score = LeadScorer.Report(lead.Scores, models.Current, time.GetUtcNow());
        var assignment = await assigner.AssignAsync(alert.Id, lead, alert.TakenFrom, cancellationToken);
        if (assignment.Rep is not null) inboxes.Notify();
        // The rep who got the lead owns it from now on (the lead list, history and the next alert know).
        if (assignment.Rep is { } owner && lead.Exists && lead.Owner != owner.Id)
            await grains.GetGrain<ILeadGrain>(lead.Id).UpdateAsync(new LeadUpdate { Actor = "handoff", At = time.GetUtcNow(), Owner = owner.Id });
        var publicUrl = emailOptions.Value.PublicUrl;
        var payload = JsonSerializer.Serialize(AlertContent.Payload(alert.Id, lead, score, assignment, publicUrl, alert.TriggeredAt, alert.Note), AlertContent.Json);

        var deliveries = new List<AlertDelivery>();
        if (!string.IsNullOrEmpty(options.Value.WebhookUrl))
            deliveries.Add(new(alert.Id, WorkspaceTarget, "webhook", options.Value.WebhookUrl, payload, 0));
        if (assignment.Rep is { } rep)
        {
            if (rep.WebhookUrl is { } url && rep.Wants("webhook")) deliveries.Add(new(alert.Id, $"rep-webhook:{rep.Id}", "webhook", url, payload, 0));
            if (rep.SlackWebhookUrl is { } slack && rep.Wants("slack"))
            {
                var text = JsonSerializer.Serialize(new { text = AlertContent.SlackText(lead, score, assignment, publicUrl) });
                deliveries.Add(new(alert.Id, $"rep-slack:{rep.Id}", "slack", slack, text, 0));
            }
            if (rep.Wants("email")) await QueueEmailAsync(alert.Id, rep, lead, score, assignment, publicUrl, alert.Note, cancellationToken);
        }
        await alerts.PrepareAsync(alert.Id, payload, deliveries, cancellationToken);
    }

    /// <summary>
    /// The rep's email goes through the outbox (rate limit, retries, suppression). Its lead_id is the
    /// alert id, not the lead's: the outbox caps mail per lead, and an alert to a rep must neither use up
    /// the lead's marketing cap nor be capped by it.
    /// </summary>
    private async Task QueueEmailAsync(Guid alertId, Rep rep, LeadState lead, ScoreReport score, Assignment assignment, string publicUrl, string? note, CancellationToken cancellationToken)
    {
        var text = AlertContent.EmailText(lead, score, assignment, publicUrl, note);
        var id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"handoff-email:{alertId:N}:{rep.Id}")).AsSpan(0, 16));
        await outbox.EnqueueAsync(new QueuedEmail(id, alertId, rep.Email, "handoff-alert", AlertContent.EmailSubject(lead, score),
            AlertContent.EmailHtml(text), text, [], null, null, $"handoff:{alertId:N}"), cancellationToken);
    }

    private async Task DeliverAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var error = await webhooks.SendAsync(delivery, cancellationToken);
        if (error is null)
        {
            await alerts.RecordAttemptAsync(delivery, delivered: true, null, null, cancellationToken);
            return;
        }
        var o = options.Value;
        DateTimeOffset? retryAt = delivery.Attempts >= o.MaxAttempts ? null : time.GetUtcNow() + Backoff.Delay(delivery.Attempts, o.RetryBaseDelay, MaxRetryDelay);
        if (retryAt is null) LogDead(delivery.AlertId, delivery.Target, delivery.Attempts, error);
        await alerts.RecordAttemptAsync(delivery, delivered: false, retryAt, error, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A hand-off round failed; retrying")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} to {Target} is dead after {Attempts} attempts: {Error}")]
    private partial void LogDead(Guid alertId, string target, int attempts, string error);
}
