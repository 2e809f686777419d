using System.Collections.Concurrent;
using Npgsql;
using Nurture.Ingest.Pipeline;

namespace Nurture.Server.Storage;

/// <summary>
/// Remembers, per site, the origins its events came from that it does not allow, for the install check.
/// Off the request's path and at most one write per site and origin every <see cref="WriteEvery"/> on a
/// node, so a flood of refused events is not a flood of writes; at most <see cref="MaxPerSite"/> origins a site.
/// </summary>
public sealed partial class SiteOriginRefusals(NpgsqlDataSource database, ILogger<SiteOriginRefusals> logger) : IOriginRefusals
{
    public static readonly TimeSpan WriteEvery = TimeSpan.FromSeconds(10);
    public const int MaxPerSite = 100;
    private const int MaxOriginLength = 300;
    private readonly ConcurrentDictionary<(Guid, string), DateTimeOffset> written = new();

    public sealed record Refusal(string Origin, DateTimeOffset FirstAt, DateTimeOffset LastAt, long Refusals);

    public void Refused(Guid siteId, string origin, DateTimeOffset at)
    {
        if (origin.Length > MaxOriginLength) origin = origin[..MaxOriginLength];
        if (written.TryGetValue((siteId, origin), out var last) && at - last < WriteEvery) return;
        if (written.Count > 10_000) written.Clear();
        written[(siteId, origin)] = at;
        _ = Task.Run(() => WriteAsync(siteId, origin, at));
    }

    public async Task<List<Refusal>> ListAsync(Guid siteId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT origin, first_at, last_at, refusals FROM nurture_site_origin_refusals WHERE site_id = $1 ORDER BY last_at DESC LIMIT 20");
        command.Parameters.AddWithValue(siteId);
        var refusals = new List<Refusal>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            refusals.Add(new Refusal(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3)));
        return refusals;
    }

    private async Task WriteAsync(Guid siteId, string origin, DateTimeOffset at)
    {
        try
        {
            await using var command = database.CreateCommand($"""
                INSERT INTO nurture_site_origin_refusals (site_id, origin, first_at, last_at)
                SELECT $1, $2, $3, $3 WHERE (SELECT count(*) FROM nurture_site_origin_refusals WHERE site_id = $1) < {MaxPerSite}
                ON CONFLICT (site_id, origin) DO UPDATE SET last_at = EXCLUDED.last_at, refusals = nurture_site_origin_refusals.refusals + 1
                """);
            command.Parameters.AddWithValue(siteId);
            command.Parameters.AddWithValue(origin);
            command.Parameters.AddWithValue(at);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception ex)
        {
            LogWriteFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording a refused origin for the install check failed")]
    private partial void LogWriteFailed(Exception ex);
}
