using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.Flows;

namespace Nurture.Handoff.Alerts;

/// <summary>
/// A flow's notify_sales step: records an alert with the flow's note, which the <see cref="HandoffWorker"/>
/// assigns and delivers like a hot lead's. No cool-down: the flow's own re-entry rule decides how often.
/// </summary>
public sealed class FlowSalesNotifier(NpgsqlDataSource database, AlertSignal signal) : IFlowSalesNotifier
{
    public async Task<bool> NotifyAsync(LeadState lead, Guid alertId, string note, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO nurture_alerts (id, lead_id, event_id, triggered_at, note) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (id) DO NOTHING
            """);
        command.Parameters.AddWithValue(alertId);
        command.Parameters.AddWithValue(lead.Id);
        command.Parameters.AddWithValue($"flow:{alertId:N}");
        command.Parameters.AddWithValue(at);
        command.Parameters.AddWithValue(note.Length > 600 ? note[..600] : note);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1) signal.Notify(alertId);
        return true;
    }
}
