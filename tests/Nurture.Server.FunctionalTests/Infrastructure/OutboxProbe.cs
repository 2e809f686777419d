using Npgsql;

namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>Reads the email outbox in PostgreSQL, independent of the code under test.</summary>
public static class OutboxProbe
{
    /// <summary>
    /// Waits until the outbox is done with every send to the address (none queued or being sent) and answers how
    /// many went out. With nothing left to send, every copy the SMTP sink will ever get is already in it: the
    /// point after which a test may say a second one never came.
    /// </summary>
    public static async Task<long> SettledAsync(string postgres, string address, TimeSpan? timeout = null)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE status IN ('queued', 'sending')), count(*) FILTER (WHERE status = 'sent')
            FROM nurture_email_sends WHERE to_address = $1
            """, connection) { Parameters = { new() { Value = address } } };
        var (open, sent) = await ClickHouseProbe.EventuallyAsync(async () =>
        {
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }, counts => counts.Item1 == 0, timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(open == 0, $"{open} sends to {address} still queued or being sent");
        return sent;
    }
}
