using System.Text;
using System.Text.Json;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Reports;

/// <summary>
/// A hand-built history written straight into the host's ClickHouse tables, as the server would have written it,
/// so a report's numbers can be checked against counts known in advance.
/// </summary>
public sealed class ReportHistory(string database)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<object> events = [];
    private readonly List<object> changes = [];

    /// <summary>An email event (empty site id, as EmailEvents writes them). <paramref name="eventId"/> repeated = the same event arriving twice.</summary>
    public ReportHistory Email(string type, Guid lead, string sendId, string template, DateTimeOffset at, bool machine = false, string? eventId = null,
        string? url = null, params (string Key, string Value)[] props)
    {
        var keys = new List<string> { "send_id", "template_id" };
        var values = new List<string> { sendId, template };
        foreach (var (k, v) in props)
        {
            keys.Add(k);
            values.Add(v);
        }
        events.Add(new
        {
            event_id = eventId ?? Guid.NewGuid().ToString("N"), site_id = Guid.Empty, lead_id = lead, visitor_id = $"email:{lead:N}", type,
            url = url ?? "", channel = "email", is_bot = machine ? 1 : 0, prop_keys = keys, prop_values = values,
            server_time = at.ToUnixTimeSeconds(), server_ms = at.ToUnixTimeMilliseconds(), spool_node = "test", spool_seq = 0,
        });
        return this;
    }

    /// <summary>A flow row of score_changes, as FlowRunner writes one per move: event id "{run}:{n}", key "{flow}/{step}".</summary>
    public ReportHistory Flow(Guid lead, string flow, string run, int n, string step, DateTimeOffset at)
    {
        changes.Add(new
        {
            lead_id = lead, kind = "flow", event_id = $"{run}:{n}", key = $"{flow}/{step}", category = flow, at = at.ToUnixTimeSeconds(),
            at_ms = at.ToUnixTimeMilliseconds(), stage = "known", spool_node = "test", spool_seq = 0,
        });
        return this;
    }

    public async Task WriteAsync()
    {
        if (events.Count > 0) await InsertAsync("events", events);
        if (changes.Count > 0) await InsertAsync("score_changes", changes);
    }

    private async Task InsertAsync(string table, List<object> rows)
    {
        var body = string.Join("\n", rows.Select(r => JsonSerializer.Serialize(r)));
        var url = $"{TestEnvironment.ClickHouseUrl}/?database={database}&query={Uri.EscapeDataString($"INSERT INTO {table} FORMAT JSONEachRow")}";
        using var response = await Http.PostAsync(url, new StringContent(body, Encoding.UTF8));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"ClickHouse: {await response.Content.ReadAsStringAsync()}");
    }
}
