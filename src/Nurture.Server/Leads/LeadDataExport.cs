using System.Text.Json;
using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;

namespace Nurture.Server.Leads;

/// <summary>
/// Everything held about one person (a data-subject access request): the lead with its traits,
/// sources, scores and change history, every tracked event, and the PostgreSQL rows about them
/// (emails sent, alerts, assignments, sales feedback).
/// </summary>
public sealed class LeadDataExport(NpgsqlDataSource database, LeadTimeline timeline)
{
    public const int MaxEvents = 100_000;

    private static readonly string[] Tables =
        ["nurture_email_sends", "nurture_alerts", "nurture_assignments", "nurture_feedback", "nurture_outcomes", "nurture_sales_activities"];

    public async Task<Dictionary<string, object?>> BuildAsync(LeadState state, CancellationToken cancellationToken)
    {
        var ids = state.HistoryIds.Concat(state.MergedFrom).Append(state.Id).Distinct().ToArray();
        var sites = state.Visitors.Select(v => v.SiteId).Append(Guid.Empty).Distinct().ToList();
        var events = new List<TimelineEvent>();
        TimelineCursor? cursor = null;
        do
        {
            var page = await timeline.ReadAsync(sites, ids, null, null, LeadTimeline.MaxLimit, cursor, cancellationToken);
            events.AddRange(page.Events);
            cursor = TimelineCursor.TryDecode(page.NextCursor);
        } while (cursor is not null && events.Count < MaxEvents);

        var export = new Dictionary<string, object?>
        {
            ["exportedAt"] = DateTimeOffset.UtcNow,
            ["lead"] = state,
            ["changes"] = LeadChangeLog.From(state),
            ["events"] = events,
        };
        foreach (var table in Tables) export[table["nurture_".Length..]] = await RowsAsync(table, ids, cancellationToken);
        return export;
    }

    private async Task<List<JsonElement>> RowsAsync(string table, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"SELECT to_jsonb(t)::text FROM {table} t WHERE lead_id = ANY($1)");
        command.Parameters.AddWithValue(ids);
        var rows = new List<JsonElement>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var document = JsonDocument.Parse(reader.GetString(0));
            rows.Add(document.RootElement.Clone());
        }
        return rows;
    }
}
