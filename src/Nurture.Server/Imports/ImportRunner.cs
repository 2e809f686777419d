using Microsoft.Extensions.Options;
using Nurture.Abstractions;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.Spreadsheets;
using Nurture.Spool;

namespace Nurture.Server.Imports;

/// <summary>
/// Runs started imports and undos in the background, on whichever node holds the lease. Progress is
/// recorded per chunk with the rows' results, so a run that stops (crash, restart) resumes after the
/// last recorded chunk; a row written again changes nothing, and a lead an import created has an id
/// derived from the import and the email, so it is never created twice.
/// </summary>
public sealed partial class ImportRunner(
    EventSpool spool,
    ImportStore store,
    IGrainFactory grains,
    IOptions<ImportOptions> options,
    TimeProvider time,
    ILogger<ImportRunner> logger) : BackgroundService
{
    private const int Chunk = 200;
    // The node's spool id outlives restarts: a node that comes back takes up its own import at once
    // instead of waiting for the lease its previous process held to run out.
    private string Worker => spool.NodeId;

    public static string Actor(Guid importId) => $"import:{importId:D}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var work = await store.ClaimAsync(Worker, options.Value.Lease, stoppingToken);
                if (work is null)
                {
                    await Task.Delay(options.Value.PollInterval, time, stoppingToken);
                    continue;
                }
                var (id, status, processed, file, settings) = work.Value;
                if (status == ImportStore.Undoing) await UndoAsync(id, stoppingToken);
                else await RunAsync(id, processed, file, settings, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The lease runs out and the work is taken up again (here or on another node).
                LogFailed(ex);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
    }

    private async Task RunAsync(Guid id, int processed, byte[] file, ImportSettings settings, CancellationToken cancellationToken)
    {
        using var table = SpreadsheetReader.Read(new MemoryStream(file), ImportRowReader.ReadOptions);
        var columnErrors = new List<ImportError>();
        if (ImportRowReader.Columns(table, settings, columnErrors) is not { } columns)
        {
            await store.FinishAsync(id, ImportStore.Failed, string.Join("; ", columnErrors.Select(e => e.Reason)), cancellationToken);
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var done = 0;
        foreach (var chunk in ImportRowReader.Read(table, columns, settings).Chunk(Chunk))
        {
            if (done + chunk.Length <= processed)
            {
                // Recorded before a restart: only remember its emails, for the "same as an earlier row" rule.
                foreach (var row in chunk.Where(r => r.IsValid)) seen.Add(row.Email!);
                done += chunk.Length;
                continue;
            }
            var results = await ApplyChunkAsync(id, chunk, settings, seen);
            done += chunk.Length;
            await store.RecordChunkAsync(id, results, done, options.Value.Lease, cancellationToken);
        }
        var fileError = table.Errors.Count > 0 ? string.Join("; ", table.Errors.Select(e => e.ToString())) : null;
        await store.FinishAsync(id, fileError is null ? ImportStore.Done : ImportStore.Failed, fileError, cancellationToken);
        LogFinished(id, done);
    }

    /// <summary>Rows go in parallel, except that rows with the same email go in file order on one lane.</summary>
    private async Task<List<ImportRowResult>> ApplyChunkAsync(Guid id, ImportRow[] chunk, ImportSettings settings, HashSet<string> seen)
    {
        var earlier = chunk.Select(r => r.IsValid && !seen.Add(r.Email!)).ToArray();
        var results = new ImportRowResult[chunk.Length];
        var lanes = Enumerable.Range(0, chunk.Length)
            .GroupBy(i => chunk[i].Email is { } email ? (uint)StringComparer.Ordinal.GetHashCode(email) % (uint)Math.Max(1, options.Value.Parallelism) : 0u);
        await Task.WhenAll(lanes.Select(async lane =>
        {
            foreach (var i in lane) results[i] = await ApplyAsync(id, chunk[i], settings, earlier[i]);
        }));
        return [.. results];
    }

    private async Task<ImportRowResult> ApplyAsync(Guid id, ImportRow row, ImportSettings settings, bool earlier)
    {
        if (!row.IsValid) return new ImportRowResult(row.RowNumber, ImportRowResult.Error, null, null, row.Errors);
        var email = row.Email!;
        var own = StableGuid.From($"import:{id:N}:{email}");
        var owner = await grains.GetGrain<IEmailIndexGrain>(email).GetOwnerAsync();
        var (skip, reason) = ImportDecision.Before(settings.Mode, owner is { } o && o != own, earlier);
        if (skip is not null) return new ImportRowResult(row.RowNumber, skip, owner, reason, []);
        var update = new LeadUpdate
        {
            Actor = Actor(id), At = time.GetUtcNow(), Traits = row.Traits,
            Source = new AcquisitionSource { Channel = "offline", UtmSource = settings.Source, UtmMedium = "import" },
        };
        var result = await grains.GetGrain<ILeadGrain>(owner ?? own).UpdateAsync(update);
        // Someone else claimed the email between the look-up and the write: the row goes to that lead.
        if (result.Conflict is { } other) result = await grains.GetGrain<ILeadGrain>(other).UpdateAsync(update);
        var (outcome, detail) = ImportDecision.After(result.Created || (owner == own && !earlier), earlier, result.ChangedFields.Count);
        return new ImportRowResult(row.RowNumber, outcome, result.LeadId, detail, []);
    }

    private async Task UndoAsync(Guid id, CancellationToken cancellationToken)
    {
        var leads = await store.LeadsAsync(id, cancellationToken);
        var actor = Actor(id);
        await Parallel.ForEachAsync(leads, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (lead, _) => await grains.GetGrain<ILeadGrain>(lead).RevertAsync(actor, "undo:" + actor));
        await store.FinishAsync(id, ImportStore.Undone, null, cancellationToken);
        LogUndone(id, leads.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import work failed; it is retried when its lease runs out")]
    private partial void LogFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} finished: {Rows} rows")]
    private partial void LogFinished(Guid importId, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} undone across {Leads} leads")]
    private partial void LogUndone(Guid importId, int leads);
}
