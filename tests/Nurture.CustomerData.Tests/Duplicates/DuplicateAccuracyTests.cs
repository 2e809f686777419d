using Nurture.CustomerData.Duplicates;
using Xunit.Abstractions;
using static Nurture.CustomerData.Tests.Duplicates.SyntheticPeople;

namespace Nurture.CustomerData.Tests.Duplicates;

public sealed class DuplicateAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public void FindPairs_FindsKnownDuplicatesWithHighPrecisionAndRecall()
    {
        var ledger = new SyntheticPeople(seed: 2026).AddPeople(5_000).AddDuplicates(500);

        var result = DuplicateDetector.FindPairs(ledger.People);

        var found = result.Select(p => (p.FirstId, p.SecondId)).ToHashSet();
        var truePositives = found.Count(ledger.Duplicates.Contains);
        var precision = (double)truePositives / found.Count;
        var recall = (double)truePositives / ledger.Duplicates.Count;
        output.WriteLine($"records {ledger.People.Count}, known duplicates {ledger.Duplicates.Count}, pairs found {found.Count}");
        output.WriteLine($"precision {Describe(precision)}, recall {Describe(recall)}, comparisons {result.ComparisonCount} ({(double)result.ComparisonCount / ledger.People.Count:0.0} a record)");
        foreach (var miss in ledger.Duplicates.Where(d => !found.Contains(d)).Take(5))
            output.WriteLine($"missed: {Show(ledger, miss.Item1)}  ~  {Show(ledger, miss.Item2)}");
        foreach (var extra in result.Where(p => !ledger.Duplicates.Contains((p.FirstId, p.SecondId))).Take(5))
            output.WriteLine($"extra {extra.Score}: {Show(ledger, extra.FirstId)}  ~  {Show(ledger, extra.SecondId)}  [{string.Join("; ", extra.Reasons)}]");

        Assert.True(precision >= 0.95, $"precision {precision}");
        Assert.True(recall >= 0.9, $"recall {recall}");
    }

    [Fact]
    public void FindPairs_ScalesNearLinearlyToFiftyThousandRecords()
    {
        var small = new SyntheticPeople(seed: 1).AddPeople(5_000).AddDuplicates(500).People;
        var large = new SyntheticPeople(seed: 1).AddPeople(50_000).AddDuplicates(5_000).People;

        var smallResult = DuplicateDetector.FindPairs(small);
        var largeResult = DuplicateDetector.FindPairs(large);

        var smallPerRecord = (double)smallResult.ComparisonCount / small.Count;
        var largePerRecord = (double)largeResult.ComparisonCount / large.Count;
        output.WriteLine($"{small.Count} records: {smallResult.ComparisonCount} comparisons ({smallPerRecord:0.0} a record), {smallResult.Count} pairs");
        output.WriteLine($"{large.Count} records: {largeResult.ComparisonCount} comparisons ({largePerRecord:0.0} a record), {largeResult.Count} pairs, {largeResult.OversizedBlockCount} oversized blocks");
        // All pairs would be 1.5 billion, 27,500 a record. With a fixed list of names, same-name blocks grow with
        // the ledger until they reach MaxBlockSize, so the work a record stays under a bound whatever the size.
        Assert.True(largePerRecord < 60, $"{largePerRecord} comparisons a record");
        Assert.True(largeResult.ComparisonCount < (long)large.Count * large.Count / 2 / 500);
        Assert.True(largeResult.Count >= 4_500);
    }

    private static string Show(SyntheticPeople ledger, string id) =>
        ledger.People.First(p => p.Id == id) is var p ? $"{p.Name}/{p.KanaName}/{p.Email}/{p.Phone}/{p.Company}" : id;
}
