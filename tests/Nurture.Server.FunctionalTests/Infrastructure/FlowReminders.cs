using Npgsql;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>The flow reminders lead grains keep in PostgreSQL (Orleans' reminder table: grain "lead/{id:N}", reminder "flows").</summary>
public static class FlowReminders
{
    /// <summary>
    /// Waits until the lead's flow reminder has left PostgreSQL. A lead drops it when its wait's timer fires and no
    /// run of a running flow still waits: the sign that the lead has looked at its runs once the wait was over.
    /// </summary>
    public static async Task GoneAsync(string postgres, Guid leadId, DateTimeOffset waitEnds, TimeSpan? timeout = null)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_reminders WHERE grain_id = $1 AND reminder_name = 'flows'", connection)
        {
            Parameters = { new() { Value = $"lead/{leadId:N}" } },
        };
        var left = await ClickHouseProbe.EventuallyAsync(async () => (long)(await command.ExecuteScalarAsync())!, n => n == 0,
            timeout ?? waitEnds - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30));
        Assert.True(left == 0, $"lead {leadId} still holds its flow reminder");
        // A timer may fire a few milliseconds early; a reminder gone long before the wait's end would mean the lead looked too soon.
        Assert.True(DateTimeOffset.UtcNow > waitEnds - TimeSpan.FromSeconds(1), $"lead {leadId} dropped its reminder before its wait ended");
    }
}
