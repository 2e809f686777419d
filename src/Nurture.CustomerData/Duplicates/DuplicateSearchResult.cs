using System.Collections;

namespace Nurture.CustomerData.Duplicates;

/// <summary>The candidate pairs, best first, and what it took to find them.</summary>
public sealed class DuplicateSearchResult(IReadOnlyList<DuplicateCandidate> pairs, long comparisonCount, int oversizedBlockCount) : IReadOnlyList<DuplicateCandidate>
{
    /// <summary>Pairs of records actually scored. Blocking keeps it near-linear in the number of records.</summary>
    public long ComparisonCount { get; } = comparisonCount;

    /// <summary>Blocks over <see cref="DuplicateOptions.MaxBlockSize"/> that were only compared within a window.</summary>
    public int OversizedBlockCount { get; } = oversizedBlockCount;

    public DuplicateCandidate this[int index] => pairs[index];

    public int Count => pairs.Count;

    public IEnumerator<DuplicateCandidate> GetEnumerator() => pairs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
