using System.Globalization;

namespace Nurture.CustomerData.Duplicates;

/// <summary>
/// Merges duplicate records into one, field by field, following <see cref="SurvivorshipRules"/>, and says for
/// every field which record won and why ("company from lead B: manual choice"), so a merge can be explained
/// and undone by hand.
/// </summary>
public static class Survivorship
{
    public static MergedRecord Merge(IReadOnlyList<FieldValues> records, SurvivorshipRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) throw new ArgumentException("There is nothing to merge.", nameof(records));
        if (records.Any(r => r is null)) throw new ArgumentException("A record is null.", nameof(records));
        rules ??= SurvivorshipRules.Default;

        var fields = records.SelectMany(r => r.Values.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var decisions = fields.Select(field => Decide(field, records, rules.For(field))).ToList();
        var values = decisions.ToDictionary(d => d.Field, d => d.Value, StringComparer.OrdinalIgnoreCase);
        return new MergedRecord(values, decisions);
    }

    private static FieldDecision Decide(string field, IReadOnlyList<FieldValues> records, FieldRule rule) => rule switch
    {
        FieldRule.ManualRule manual => Manual(field, records, manual.RecordId),
        FieldRule.SourcePriorityRule priority => BySource(field, records, priority.Sources),
        _ => Newest(field, records, reasonSuffix: ""),
    };

    private static FieldDecision Manual(string field, IReadOnlyList<FieldValues> records, string recordId)
    {
        var chosen = records.FirstOrDefault(r => r.RecordId == recordId)
            ?? throw new ArgumentException($"The manual choice for '{field}' names record '{recordId}', which is not among those merged.", nameof(records));
        return new FieldDecision(field, ValueOf(chosen, field), chosen.RecordId, $"{field} from {chosen.RecordId}: manual choice");
    }

    private static FieldDecision BySource(string field, IReadOnlyList<FieldValues> records, IReadOnlyList<string> sources)
    {
        int Rank(FieldValues r) => sources.ToList().FindIndex(s => string.Equals(s, r.Source, StringComparison.OrdinalIgnoreCase));
        var winner = WithValue(field, records)
            .Where(r => Rank(r) >= 0)
            .OrderBy(Rank).ThenByDescending(r => r.UpdatedAt)
            .FirstOrDefault();
        if (winner is null) return Newest(field, records, "; no record from a listed source has one");
        return new FieldDecision(field, ValueOf(winner, field), winner.RecordId,
            $"{field} from {winner.RecordId}: source '{winner.Source}' ranks highest among the records that have a value");
    }

    // The first of equally new records wins: callers list records in an order that means something to them.
    private static FieldDecision Newest(string field, IReadOnlyList<FieldValues> records, string reasonSuffix)
    {
        var candidates = WithValue(field, records).ToList();
        if (candidates.Count == 0) return new FieldDecision(field, null, null, $"{field}: no record has a value");
        var winner = candidates.Aggregate((best, r) => r.UpdatedAt > best.UpdatedAt ? r : best);
        var updated = winner.UpdatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new FieldDecision(field, ValueOf(winner, field), winner.RecordId,
            $"{field} from {winner.RecordId}: newest non-empty value (updated {updated}){reasonSuffix}");
    }

    private static IEnumerable<FieldValues> WithValue(string field, IReadOnlyList<FieldValues> records) =>
        records.Where(r => !string.IsNullOrWhiteSpace(ValueOf(r, field)));

    private static string? ValueOf(FieldValues record, string field) =>
        record.Values.TryGetValue(field, out var value)
            ? value
            : record.Values.FirstOrDefault(v => string.Equals(v.Key, field, StringComparison.OrdinalIgnoreCase)).Value;
}
