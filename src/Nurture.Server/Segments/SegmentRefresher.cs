using Microsoft.Extensions.Options;
using Npgsql;
using Nurture.Abstractions.Leads;
using Nurture.EventStore;
using Nurture.Abstractions;

namespace Nurture.Server.Segments;

/// <summary>Nurture:Segments settings.</summary>
public sealed class SegmentOptions
{
    /// <summary>How often every segment is recomputed from the lead list and the events.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>What one refresh of a segment changed.</summary>
public sealed record SegmentRefresh(string Id, int Size, int Joined, int Left);

/// <summary>
/// Keeps segment membership current: each segment's filter runs on ClickHouse (lead list plus events)
/// and the result is compared with the stored members; every lead that joined or left is told, so its
/// history records it and flows triggered by the segment start. Simple segments are also followed by
/// the leads themselves as they save, and a lead told to move checks against its own (fresher) state
/// first. One node refreshes at a time (a PostgreSQL advisory lock), however many run.
/// </summary>
public sealed partial class SegmentRefresher(
    SegmentStore store,
    LeadDirectory directory,
    IGrainFactory grains,
    NpgsqlDataSource database,
    IOptions<SegmentOptions> options,
    TimeProvider time,
    ILogger<SegmentRefresher> logger) : BackgroundService
{
    private const long LockKey = 0x4E55_5254_5345_4753; // "NURTSEGS"

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.RefreshInterval, time, RefreshAllAsync, LogFailed, stoppingToken);

    public async Task<List<SegmentRefresh>> RefreshAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue(LockKey);
            if (!(bool)(await lockCommand.ExecuteScalarAsync(cancellationToken))!) return [];
        }
        var results = new List<SegmentRefresh>();
        foreach (var segment in await store.ListAsync(cancellationToken))
        {
            var (definition, _) = SegmentDefinition.Parse(segment.Definition);
            if (definition is not null) results.Add(await RefreshAsync(segment.Id, definition, cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    /// <summary>Refreshes one segment now (the API), waiting for a background round in progress to finish first.</summary>
    public async Task<SegmentRefresh> RefreshNowAsync(string id, SegmentDefinition definition, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue(LockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        var result = await RefreshAsync(id, definition, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<SegmentRefresh> RefreshAsync(string id, SegmentDefinition definition, CancellationToken cancellationToken)
    {
        var now = await directory.IdsAsync(definition.Filter, cancellationToken);
        var before = await store.MembersAsync(id, cancellationToken);
        var joined = now.Where(l => !before.Contains(l)).ToList();
        var left = before.Where(l => !now.Contains(l)).ToList();
        // Leads of a simple segment also judge themselves as they save; this catches the ones that have
        // not saved since the segment was made. Each lead checks against its own state before it moves.
        await TellLeadsAsync(joined, [id], [], cancellationToken);
        await TellLeadsAsync(left, [], [id], cancellationToken);
        await store.RecordAsync(id, joined, left, now.Count, cancellationToken);
        return new SegmentRefresh(id, now.Count, joined.Count, left.Count);
    }

    public Task TellLeadsAsync(IReadOnlyList<Guid> leads, string[] joined, string[] left, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(leads, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (lead, _) => await grains.GetGrain<ILeadGrain>(lead).SetSegmentsAsync(joined, left));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Segment refresh failed; retrying at the next interval")]
    private partial void LogFailed(Exception ex);
}
