using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Nurture.Server.FunctionalTests.Infrastructure;

namespace Nurture.Server.FunctionalTests.Dashboard;

/// <summary>
/// A host of its own (the dashboard counts the whole workspace) in the Japanese organisation's time zone, on a
/// clock the tests move forward, with the weekly digest due now: its day and hour are this host's start in JST,
/// so a round sends at once and a week later sends again. The digest's own timer waits an hour, so only the
/// tests' rounds send.
/// </summary>
public sealed class DashboardApp : NurtureApp
{
    public static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public ShiftedClock Clock { get; } = new();

    public DateTime StartedInTokyo { get; } = TimeZoneInfo.ConvertTime(DateTime.UtcNow, Tokyo);

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        settings["Nurture:Dashboard:TimeZone"] = "Asia/Tokyo";
        settings["Nurture:Dashboard:DigestDay"] = StartedInTokyo.DayOfWeek.ToString();
        settings["Nurture:Dashboard:DigestHour"] = StartedInTokyo.Hour.ToString(CultureInfo.InvariantCulture);
        settings["Nurture:Dashboard:DigestPollInterval"] = "01:00:00";
        // Breaches are the tests' own rows: the SLA watch only reminds (their rows are reminded already), never reassigns.
        settings["Nurture:Handoff:AcceptWithin"] = "00:30:00";
        settings["Nurture:Handoff:ReassignAfter"] = "00:00:00";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Writes rows straight into one of the app's ClickHouse tables (JSONEachRow; omitted columns get their defaults).</summary>
    public async Task InsertAsync(string table, params object[] rows)
    {
        var body = string.Join("\n", rows.Select(r => System.Text.Json.JsonSerializer.Serialize(r)));
        using var http = new HttpClient();
        using var response = await http.PostAsync(
            $"{TestEnvironment.ClickHouseUrl}/?database={ClickHouse.Database}&query={Uri.EscapeDataString($"INSERT INTO {table} FORMAT JSONEachRow")}",
            new StringContent(body));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"ClickHouse: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(PostgresConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.AddWithValue(p);
        await command.ExecuteNonQueryAsync();
    }

    public static long Unix(DateTimeOffset at) => at.ToUnixTimeSeconds();

    public static object Lead(Guid id, DateTimeOffset created, string campaign = "", ulong version = 1, string mergedInto = "") => new
    {
        lead_id = id, version, created_at = Unix(created), last_seen = Unix(created), first_campaign = campaign, merged_into = mergedInto,
        first_touch_at = Unix(created), history_ids = new[] { id.ToString("D") },
    };

    public static object Stage(Guid lead, string stage, DateTimeOffset at) => new
    {
        lead_id = lead, kind = "stage", stage, key = stage, at = Unix(at), at_ms = at.ToUnixTimeMilliseconds(), event_id = Guid.NewGuid().ToString("N"),
    };

    public static object Event(string type, DateTimeOffset at, string? eventId = null, Guid? lead = null, string? sendId = null, bool bot = false, string path = "")
    {
        var keys = sendId is null ? Array.Empty<string>() : ["send_id", "template_id"];
        var values = sendId is null ? Array.Empty<string>() : [sendId, "welcome"];
        return new
        {
            event_id = eventId ?? Guid.NewGuid().ToString("N"), site_id = Guid.Empty, lead_id = lead ?? Guid.NewGuid(), type, path,
            is_bot = bot ? 1 : 0, prop_keys = keys, prop_values = values, server_time = Unix(at), server_ms = (ulong)at.ToUnixTimeMilliseconds(),
        };
    }
}
