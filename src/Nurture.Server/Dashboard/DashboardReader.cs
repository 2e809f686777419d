using Microsoft.Extensions.Options;
using Npgsql;
using Nurture.EventStore.Dashboard;
using Nurture.Handoff;

namespace Nurture.Server.Dashboard;

/// <summary>
/// Builds the <see cref="DashboardReport"/>: ClickHouse for what leads and emails did (<see cref="ActivityCounts"/>),
/// PostgreSQL for what only it holds: wins recorded as sales feedback before sales_won events existed, and the
/// hand-off SLA (assignments waiting on a rep, and the reminders the SLA watch sent when one ran late).
/// </summary>
public sealed class DashboardReader(
    ActivityCounts activity, NpgsqlDataSource database, IOptions<DashboardOptions> options, IOptions<HandoffOptions> handoff, TimeProvider time)
{
    /// <summary>The report as of now, or with its days as of an earlier time (the digest's week); open SLA breaches are always now's.</summary>
    public async Task<DashboardReport> ReadAsync(CancellationToken cancellationToken, DateTimeOffset? asOf = null)
    {
        var now = time.GetUtcNow();
        var periods = DashboardPeriods.At(asOf ?? now, options.Value.Zone());
        var from = periods.StartOf(periods.FirstDay);
        var to = periods.StartOf(periods.EndDay);
        var activityTask = activity.ReadAsync(periods, cancellationToken);
        var feedbackWon = await WonFeedbackAsync(from, to, cancellationToken);
        var (open, breaches, within) = await SlaAsync(now, from, to, cancellationToken);
        var counted = await activityTask;

        var metrics = counted.Daily.ToDictionary(m => m.Key, m => m.Value.Figures(periods));
        // A win counts once per lead, on its first day, whether sales recorded it as an event, as feedback, or both.
        var won = new DailyCounts();
        foreach (var first in counted.WonEvents.Concat(feedbackWon).GroupBy(w => w.LeadId, w => w.At).Select(g => g.Min()))
            won.Add(periods.DayOf(first), 1);
        metrics["won"] = won.Figures(periods);
        var slaDays = new DailyCounts();
        foreach (var at in breaches) slaDays.Add(periods.DayOf(at), 1);
        metrics["slaBreaches"] = slaDays.Figures(periods);

        var days = Enumerable.Range(0, DashboardPeriods.SparklineDays).Select(i => periods.SparklineStart.AddDays(i)).ToList();
        return new DashboardReport(now, options.Value.TimeZone, periods.Today, periods.WeekStart, periods.LastWeekStart,
            new DashboardInstants(periods.StartOf(periods.Today), periods.StartOf(periods.WeekStart), periods.StartOf(periods.LastWeekStart), to), days, metrics,
            counted.TopPages, counted.TopCampaigns, new SlaFigures(open, within));
    }

    /// <summary>Leads first marked won (sales feedback) in the range.</summary>
    private async Task<List<(Guid LeadId, DateTimeOffset At)>> WonFeedbackAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT lead_id, min(at) FROM nurture_feedback WHERE outcome = 'won' GROUP BY lead_id HAVING min(at) >= $1 AND min(at) < $2");
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        var won = new List<(Guid, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) won.Add((reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return won;
    }

    /// <summary>
    /// The open breaches (a lead's newest assignment, held by a rep, unanswered for longer than the SLA allows) and
    /// when breaches began in the range (the SLA watch's reminder, or its reassignment when no reminder is set).
    /// Null open breaches: the SLA is off (both limits zero).
    /// </summary>
    private async Task<(long? Open, List<DateTimeOffset> Began, TimeSpan? Within)> SlaAsync(
        DateTimeOffset now, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var o = handoff.Value;
        var within = o.AcceptWithin > TimeSpan.Zero ? o.AcceptWithin : o.ReassignAfter > TimeSpan.Zero ? o.ReassignAfter : (TimeSpan?)null;
        long? open = null;
        if (within is { } limit)
        {
            await using var count = database.CreateCommand("""
                SELECT count(*) FROM nurture_assignments x
                WHERE x.rep_id IS NOT NULL AND x.at <= $1
                  AND NOT EXISTS (SELECT 1 FROM nurture_feedback f WHERE f.lead_id = x.lead_id AND f.at >= x.at)
                  AND NOT EXISTS (SELECT 1 FROM nurture_assignments n WHERE n.lead_id = x.lead_id AND n.at > x.at)
                """);
            count.Parameters.AddWithValue(now - limit);
            open = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        await using var command = database.CreateCommand("""
            SELECT coalesce(reminded_at, reassigned_at) FROM nurture_assignments
            WHERE coalesce(reminded_at, reassigned_at) >= $1 AND coalesce(reminded_at, reassigned_at) < $2
            """);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        var began = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) began.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return (open, began, within);
    }
}
