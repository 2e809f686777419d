using System.Text;
using Npgsql;

namespace Nurture.Handoff.Sales;

/// <summary>
/// A rep's inbox from PostgreSQL: the leads whose newest assignment is theirs, each with where it stands since
/// (new, accepted, rejected, won, lost: the newest closing verdict, else accepted, else new), the counts per view,
/// the newest verdict with a won deal's value, the event that made the lead hot (through reassignments) or the
/// note of the flow that handed it over, and the newest call, meeting or note.
/// </summary>
public sealed class SalesInboxStore(NpgsqlDataSource database)
{
    /// <summary>At most this many leads per view are listed, newest movement first; the counts stay exact.</summary>
    public const int MaxListed = 200;

    /// <summary>
    /// The alert an assignment's alert came from: a reassignment's event id is "reassign:" and the alert it
    /// took the lead from; two steps back cover a lead reassigned twice. Needs the assignment's alert as "al".
    /// </summary>
    internal const string OriginJoins = """
        LEFT JOIN nurture_alerts o1 ON o1.id = CASE WHEN al.event_id LIKE 'reassign:%' THEN substring(al.event_id from 10)::uuid END
        LEFT JOIN nurture_alerts o2 ON o2.id = CASE WHEN o1.event_id LIKE 'reassign:%' THEN substring(o1.event_id from 10)::uuid END
        """;

    // The rep's leads and their status; $1 is the rep. Only leads the rep was ever given are looked at.
    private const string Statuses = """
        WITH latest AS (
            SELECT DISTINCT ON (a.lead_id) a.lead_id, a.rep_id, a.reason, a.at, a.alert_id FROM nurture_assignments a
            WHERE a.lead_id IN (SELECT lead_id FROM nurture_assignments WHERE rep_id = $1)
            ORDER BY a.lead_id, a.at DESC),
        mine AS (
            SELECT l.*, coalesce(
                (SELECT f.outcome FROM nurture_feedback f WHERE f.lead_id = l.lead_id AND f.at >= l.at AND f.outcome IN ('rejected', 'won', 'lost')
                 ORDER BY f.at DESC, f.id DESC LIMIT 1),
                CASE WHEN EXISTS (SELECT 1 FROM nurture_feedback f WHERE f.lead_id = l.lead_id AND f.at >= l.at AND f.outcome = 'accepted')
                     THEN 'accepted' ELSE 'new' END) AS status
            FROM latest l WHERE l.rep_id = $1)
        """;

    /// <summary>How many of the rep's leads are in each view.</summary>
    public async Task<Dictionary<string, int>> CountsAsync(string repId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(Statuses + " SELECT status, count(*)::int FROM mine GROUP BY status");
        command.Parameters.AddWithValue(repId);
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) byStatus[reader.GetString(0)] = reader.GetInt32(1);
        return InboxView.Counts(byStatus);
    }

    /// <summary>The rep's leads in the view (one of <see cref="InboxView.Names"/>), newest movement first.</summary>
    public async Task<List<InboxEntry>> ListAsync(string repId, string view, CancellationToken cancellationToken)
    {
        var statuses = new StringBuilder();
        foreach (var status in InboxView.Statuses.Where(s => InboxView.Holds(view, s)))
            statuses.Append(statuses.Length == 0 ? "" : ", ").Append('\'').Append(status).Append('\'');
        await using var command = database.CreateCommand($"""
            {Statuses}
            SELECT m.lead_id, m.at, m.reason, m.status, last.outcome, last.at, deal.deal_value, deal.closed_on,
                   coalesce(o2.note, o1.note, al.note), coalesce(o2.event_id, o1.event_id, al.event_id),
                   act.kind, act.outcome, act.actor, act.at
            FROM mine m
            LEFT JOIN LATERAL (SELECT f.outcome, f.at FROM nurture_feedback f WHERE f.lead_id = m.lead_id AND f.at >= m.at
                               ORDER BY f.at DESC, f.id DESC LIMIT 1) last ON true
            LEFT JOIN LATERAL (SELECT f.deal_value, f.closed_on FROM nurture_feedback f WHERE f.lead_id = m.lead_id AND f.at >= m.at AND f.outcome = 'won'
                               ORDER BY f.at DESC, f.id DESC LIMIT 1) deal ON m.status = 'won'
            LEFT JOIN nurture_alerts al ON al.id = m.alert_id
            {OriginJoins}
            LEFT JOIN LATERAL (SELECT x.kind, x.outcome, x.actor, x.at FROM nurture_sales_activities x WHERE x.lead_id = m.lead_id
                               ORDER BY x.at DESC LIMIT 1) act ON true
            WHERE m.status IN ({statuses})
            ORDER BY greatest(m.at, coalesce(last.at, m.at)) DESC, m.lead_id
            LIMIT {MaxListed}
            """);
        command.Parameters.AddWithValue(repId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<InboxEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var eventId = Text(9);
            entries.Add(new InboxEntry(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), Text(4), Text(8))
            {
                Status = reader.GetString(3),
                VerdictAt = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                DealValue = reader.IsDBNull(6) ? null : reader.GetDecimal(6),
                ClosedOn = reader.IsDBNull(7) ? null : DateOnly.FromDateTime(reader.GetDateTime(7)),
                TippingEventId = eventId is null || InboxEntry.IsFlowHandoff(eventId) ? null : eventId,
                FlowHandoff = eventId is not null && InboxEntry.IsFlowHandoff(eventId),
                LastActivity = reader.IsDBNull(10) ? null : new LastActivity(reader.GetString(10), Text(11), reader.GetString(12), reader.GetFieldValue<DateTimeOffset>(13)),
            });
        }
        return entries;
    }
}
