using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions;
using Nurture.Email.Outbox;
using Nurture.Email;
using Nurture.Handoff.Alerts;
using Nurture.Handoff.Reps;

namespace Nurture.Handoff.Sales;

/// <summary>
/// The hand-off SLA. A rep who has not answered a hot lead (accepted, rejected, won or lost, or logged a call,
/// meeting or note on it) within
/// <see cref="HandoffOptions.AcceptWithin"/> gets one reminder email; still nothing after
/// <see cref="HandoffOptions.ReassignAfter"/>, the lead goes to another rep through a new alert that
/// names the rep it was taken from (or, with nobody else free, to the fallback queue and the workspace
/// webhook: the escalation). Each step is claimed in PostgreSQL before it acts, so with several nodes
/// it happens once.
/// </summary>
public sealed partial class SlaWatch(
    NpgsqlDataSource database, RepStore reps, IGrainFactory grains, EmailOutbox outbox, AlertSignal signal,
    IOptions<HandoffOptions> options, IOptions<EmailOptions> emailOptions, TimeProvider time, ILogger<SlaWatch> logger) : BackgroundService
{
    // The newest assignment of its lead, held by a rep, with no feedback since and no call, meeting or note by
    // that rep since (the first touch is an answer too).
    private const string Waiting = """
        x.rep_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM nurture_feedback f WHERE f.lead_id = x.lead_id AND f.at >= x.at)
        AND NOT EXISTS (SELECT 1 FROM nurture_sales_activities s WHERE s.lead_id = x.lead_id AND s.rep_id = x.rep_id AND s.at >= x.at)
        AND NOT EXISTS (SELECT 1 FROM nurture_assignments n WHERE n.lead_id = x.lead_id AND n.at > x.at)
        """;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.SlaPollInterval, time, CheckAsync, LogFailed, stoppingToken);

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        if (o.AcceptWithin > TimeSpan.Zero)
        {
            foreach (var (alertId, leadId, repId, at) in await ClaimAsync("reminded_at", now, o.AcceptWithin, cancellationToken))
                await RemindAsync(alertId, leadId, repId, now - at, cancellationToken);
        }
        if (o.ReassignAfter > TimeSpan.Zero)
        {
            foreach (var (alertId, leadId, repId, _) in await ClaimAsync("reassigned_at", now, o.ReassignAfter, cancellationToken))
                await ReassignAsync(alertId, leadId, repId, now, cancellationToken);
        }
    }

    /// <summary>Marks the due assignments as handled for this step and answers them (once, whichever node asks).</summary>
    private async Task<List<(Guid AlertId, Guid LeadId, string RepId, DateTimeOffset At)>> ClaimAsync(
        string column, DateTimeOffset now, TimeSpan after, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            UPDATE nurture_assignments a SET {column} = $1
            WHERE a.alert_id IN (SELECT x.alert_id FROM nurture_assignments x
                                 WHERE x.{column} IS NULL AND x.at <= $1 - $2::interval AND {Waiting}
                                 LIMIT 100 FOR UPDATE SKIP LOCKED)
            RETURNING a.alert_id, a.lead_id, a.rep_id, a.at
            """);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(after);
        var due = new List<(Guid, Guid, string, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            due.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        return due;
    }

    private async Task RemindAsync(Guid alertId, Guid leadId, string repId, TimeSpan waiting, CancellationToken cancellationToken)
    {
        if (await reps.GetAsync(repId, cancellationToken) is not { } rep) return;
        var lead = await LeadResolver.ResolveAsync(grains, leadId);
        if (lead is null) return;
        var text = AlertContent.ReminderText(lead, waiting, emailOptions.Value.PublicUrl);
        var id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"handoff-reminder:{alertId:N}:{rep.Id}")).AsSpan(0, 16));
        // Like the alert itself: keyed by the alert, transactional (no marketing caps or quiet hours).
        await outbox.EnqueueAsync(new QueuedEmail(id, alertId, rep.Email, "handoff-reminder", AlertContent.ReminderSubject(lead),
            AlertContent.EmailHtml(text), text, [], null, null, $"handoff:{alertId:N}"), cancellationToken);
        LogReminded(new LeadLogName(leadId), repId);
    }

    private async Task ReassignAsync(Guid alertId, Guid leadId, string repId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"reassign:{alertId:N}")).AsSpan(0, 16));
        await using var command = database.CreateCommand("""
            INSERT INTO nurture_alerts (id, lead_id, event_id, triggered_at, taken_from) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (id) DO NOTHING
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(leadId);
        command.Parameters.AddWithValue($"reassign:{alertId:N}");
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(repId);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1) signal.Notify(id);
        LogReassigned(new LeadLogName(leadId), repId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The hand-off SLA check failed; retrying")]
    private partial void LogFailed(Exception ex);

    // Leads by their pseudonym (LeadPseudonym), never their id: the log outlives an erasure.
    [LoggerMessage(Level = LogLevel.Information, Message = "Hot lead {Lead}: rep {RepId} reminded")]
    private partial void LogReminded(LeadLogName lead, string repId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hot lead {Lead}: taken from rep {RepId} (no answer in time)")]
    private partial void LogReassigned(LeadLogName lead, string repId);
}
