using Npgsql;
using NpgsqlTypes;
using Nurture.EventStore;

namespace Nurture.Server.Attribution;

/// <summary>A stored campaign cost as the API lists it.</summary>
public sealed record CampaignCostEntry(
    Guid Id, string Campaign, DateOnly Month, decimal Amount, string Currency, string FileName, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>Campaign costs per month in PostgreSQL (nurture_campaign_costs): an upload adds rows or replaces the same campaign, month and currency.</summary>
public sealed class CampaignCostStore(NpgsqlDataSource database, TimeProvider time)
{
    public async Task<List<CampaignCostEntry>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT id, campaign, month, amount, currency, file_name, uploaded_by, uploaded_at FROM nurture_campaign_costs ORDER BY month DESC, campaign, currency");
        var costs = new List<CampaignCostEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            costs.Add(new CampaignCostEntry(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetDecimal(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return costs;
    }

    /// <summary>The costs as the report reads them.</summary>
    public async Task<List<CampaignMonthCost>> MonthsAsync(CancellationToken cancellationToken) =>
        [.. (await ListAsync(cancellationToken)).Select(c => new CampaignMonthCost(c.Campaign, c.Month, c.Amount, c.Currency))];

    /// <summary>Stores a whole file in one transaction; answers how many rows were new and how many replaced an earlier cost.</summary>
    public async Task<(int Added, int Replaced)> SaveAsync(IReadOnlyList<CampaignMonthCost> costs, string fileName, string actor, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO nurture_campaign_costs (id, campaign, month, amount, currency, file_name, uploaded_by, uploaded_at)
            SELECT id, campaign, month, amount, currency, $6, $7, $8 FROM unnest($1::uuid[], $2::text[], $3::date[], $4::numeric[], $5::text[])
                AS u(id, campaign, month, amount, currency)
            ON CONFLICT (campaign, month, currency) DO UPDATE SET
                amount = EXCLUDED.amount, file_name = EXCLUDED.file_name, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = EXCLUDED.uploaded_at
            RETURNING (xmax = 0) AS inserted
            """);
        command.Parameters.AddWithValue(costs.Select(_ => Guid.NewGuid()).ToArray());
        command.Parameters.AddWithValue(costs.Select(c => c.Campaign).ToArray());
        command.Parameters.AddWithValue(costs.Select(c => c.Month).ToArray());
        command.Parameters.AddWithValue(costs.Select(c => c.Amount).ToArray());
        command.Parameters.AddWithValue(costs.Select(c => c.Currency).ToArray());
        command.Parameters.AddWithValue(fileName);
        command.Parameters.AddWithValue(actor);
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var (added, replaced) = (0, 0);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetBoolean(0)) added++;
            else replaced++;
        }
        return (added, replaced);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("DELETE FROM nurture_campaign_costs WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
