using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Nurture.Abstractions;
using Nurture.Email;
using Nurture.Email.Outbox;
using Nurture.EventStore.Dashboard;
using Nurture.Server.Access;

namespace Nurture.Server.Dashboard;

/// <summary>
/// The weekly digest: at the configured day and hour (Monday 09:00 in the organisation's zone by default) every
/// enabled user who opted in gets the week's numbers by email, queued in the outbox like the hot-lead alerts
/// (transactional: no marketing caps or quiet hours). Each send's id is derived from the user and the week, and the
/// outbox keeps one row per id, so with several nodes, restarts or repeated rounds a user gets one digest a week.
/// </summary>
public sealed partial class WeeklyDigest(
    DashboardReader reader, UserStore users, EmailOutbox outbox, NpgsqlDataSource database, IOptions<DashboardOptions> options,
    IOptions<EmailOptions> emailOptions, TimeProvider time, ILogger<WeeklyDigest> logger) : BackgroundService
{
    public const string TemplateId = "weekly-digest";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.DigestPollInterval, time, SendDueAsync, LogFailed, stoppingToken);

    /// <summary>Queues this week's digest for every opted-in user who has not had it; answers how many were queued.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var zone = o.Zone();
        if (DigestSchedule.Due(time.GetUtcNow(), zone, o.DigestDay, o.DigestHour) is not var (_, day)) return 0;
        var recipients = (await users.DigestRecipientsAsync(cancellationToken)).Select(u => (User: u, Id: SendId(u.Id, day))).ToList();
        var sent = await AlreadyQueuedAsync(recipients.Select(r => r.Id).ToArray(), cancellationToken);
        var due = recipients.Where(r => !sent.Contains(r.Id)).ToList();
        if (due.Count == 0) return 0;

        // The week before the digest's day: with the default Monday, last Monday to Sunday against the week before.
        var report = await reader.ReadAsync(cancellationToken, asOf: new DashboardPeriods(zone, day).StartOf(day).AddSeconds(-1));
        var publicUrl = emailOptions.Value.PublicUrl;
        var subject = DigestContent.Subject(report);
        var queued = 0;
        foreach (var (user, id) in due)
        {
            var email = new QueuedEmail(id, user.Id, user.Email, TemplateId, subject,
                DigestContent.Html(report, user.DisplayName, publicUrl), DigestContent.Text(report, user.DisplayName, publicUrl),
                [], null, null, $"{EmailOutbox.DigestOrigin}{day:yyyy-MM-dd}:{user.Id:N}");
            if (await outbox.EnqueueAsync(email, cancellationToken)) queued++;
        }
        if (queued > 0) LogQueued(queued, day);
        return queued;
    }

    /// <summary>The send id of a user's digest of a week: the same on every node, so the outbox keeps one.</summary>
    public static Guid SendId(Guid userId, DateOnly day) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"weekly-digest:{userId:N}:{day:yyyy-MM-dd}")).AsSpan(0, 16));

    private async Task<HashSet<Guid>> AlreadyQueuedAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        var found = new HashSet<Guid>();
        if (ids.Length == 0) return found;
        await using var command = database.CreateCommand("SELECT id FROM nurture_email_sends WHERE id = ANY($1)");
        command.Parameters.AddWithValue(ids);
        await using var result = await command.ExecuteReaderAsync(cancellationToken);
        while (await result.ReadAsync(cancellationToken)) found.Add(result.GetGuid(0));
        return found;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly digest of {Day}: {Count} queued")]
    private partial void LogQueued(int count, DateOnly day);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The weekly digest round failed; retrying")]
    private partial void LogFailed(Exception ex);
}
