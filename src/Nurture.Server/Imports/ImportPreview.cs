using Nurture.Spreadsheets;
using Nurture.EventStore;

namespace Nurture.Server.Imports;

/// <summary>The dry run's answer: counts per outcome, file-level errors, and the rows (capped) with theirs.</summary>
public sealed record ImportPreview(
    IReadOnlyList<string> Headers, int TotalRows, IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<ImportError> FileErrors, IReadOnlyList<ImportRowResult> Rows, bool RowsTruncated)
{
    public const int MaxRows = 1000;

    public bool CanRun => FileErrors.Count == 0 && TotalRows > 0;
}

/// <summary>
/// The dry run: reads the whole file, cleans every row and says what the real run would do with it,
/// writing nothing to any lead. Existing leads are looked up in the lead list (ClickHouse), in batches.
/// </summary>
public sealed class ImportPreviewer(LeadDirectory directory)
{
    private const int Batch = 1000;

    public async Task<ImportPreview> PreviewAsync(Stream file, ImportSettings settings, CancellationToken cancellationToken)
    {
        using var table = SpreadsheetReader.Read(file, ImportRowReader.ReadOptions);
        var fileErrors = new List<ImportError>();
        var counts = new Dictionary<string, int>
        {
            [ImportRowResult.Created] = 0, [ImportRowResult.Updated] = 0, [ImportRowResult.Merged] = 0,
            [ImportRowResult.Skipped] = 0, [ImportRowResult.Error] = 0,
        };
        var results = new List<ImportRowResult>();
        var total = 0;
        if (table.Errors.Count == 0 && ImportRowReader.Columns(table, settings, fileErrors) is { } columns)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in ImportRowReader.Read(table, columns, settings).Chunk(Batch))
            {
                var emails = chunk.Where(r => r.IsValid).Select(r => r.Email!).Distinct().ToList();
                var existing = await directory.FindByEmailsAsync(emails, cancellationToken);
                foreach (var row in chunk)
                {
                    total++;
                    var result = Judge(row, settings.Mode, existing, seen);
                    counts[result.Outcome]++;
                    if (results.Count < ImportPreview.MaxRows) results.Add(result);
                }
            }
        }
        fileErrors.AddRange(table.Errors.Select(e => new ImportError(e.RowNumber, null, e.Message)));
        return new ImportPreview(table.Headers, total, counts, fileErrors, results, total > results.Count);
    }

    private static ImportRowResult Judge(
        ImportRow row, ImportMode mode, Dictionary<string, (Guid Id, IReadOnlyDictionary<string, string> Traits)> existing, HashSet<string> seen)
    {
        if (!row.IsValid) return new ImportRowResult(row.RowNumber, ImportRowResult.Error, null, null, row.Errors);
        var earlier = !seen.Add(row.Email!);
        var found = existing.TryGetValue(row.Email!, out var lead);
        var (outcome, detail) = ImportDecision.Before(mode, found, earlier);
        if (outcome is not null) return new ImportRowResult(row.RowNumber, outcome, found ? lead.Id : null, detail, []);
        var changed = found ? row.Traits.Count(t => lead.Traits.GetValueOrDefault(t.Key) != t.Value) : row.Traits.Count;
        (outcome, detail) = ImportDecision.After(created: !found && !earlier, earlier, changed);
        return new ImportRowResult(row.RowNumber, outcome, found ? lead.Id : null, detail, []);
    }
}
