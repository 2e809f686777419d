namespace Nurture.CustomerData.Duplicates;

/// <summary>
/// Finds records that are probably the same person (名寄せ) without comparing every record with every other:
/// records are grouped by blocking keys (e-mail, phone, name forms, company with the start of a name, a
/// sound-alike romaji key) and compared only within their groups, each pair once. Oversized groups are
/// compared within a sliding window (see <see cref="DuplicateOptions.MaxBlockSize"/>), so the work grows
/// with the number of records, not its square.
/// </summary>
public static class DuplicateDetector
{
    public static DuplicateSearchResult FindPairs(IEnumerable<PersonRecord> records, DuplicateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        options ??= DuplicateOptions.Default;
        options.Validate();

        var people = records.Select((record, index) =>
            new PreparedPerson(index, record ?? throw new ArgumentException("A record is null.", nameof(records)), options.DefaultCountry)).ToList();
        var blocks = Blocks(people);
        var compared = new HashSet<long>();
        var candidates = new List<DuplicateCandidate>();
        var oversized = 0;
        foreach (var block in blocks.Values.Where(b => b.Count > 1))
        {
            var fits = block.Count <= options.MaxBlockSize;
            if (!fits) oversized++;
            var members = fits ? block : block.OrderBy(p => p.SortKey, StringComparer.Ordinal).ThenBy(p => p.Index).ToList();
            var reach = fits ? members.Count : options.WindowSize;
            for (var i = 0; i < members.Count; i++)
            {
                for (var j = i + 1; j < members.Count && j < i + reach; j++)
                {
                    var (first, second) = members[i].Index < members[j].Index ? (members[i], members[j]) : (members[j], members[i]);
                    if (!compared.Add(((long)first.Index << 32) | (uint)second.Index)) continue;
                    var candidate = PairScorer.Score(first, second);
                    if (candidate.Score >= options.MinScore) candidates.Add(candidate);
                }
            }
        }

        candidates.Sort((x, y) => y.Score.CompareTo(x.Score) is var byScore and not 0 ? byScore
            : string.CompareOrdinal(x.FirstId, y.FirstId) is var byFirst and not 0 ? byFirst
            : string.CompareOrdinal(x.SecondId, y.SecondId));
        return new DuplicateSearchResult(candidates, compared.Count, oversized);
    }

    /// <summary>The records under each blocking key; also tells each record how many share its e-mail and phone.</summary>
    private static Dictionary<string, List<PreparedPerson>> Blocks(List<PreparedPerson> people)
    {
        var blocks = new Dictionary<string, List<PreparedPerson>>(StringComparer.Ordinal);
        foreach (var person in people)
        {
            foreach (var key in person.BlockingKeys().Distinct())
            {
                if (!blocks.TryGetValue(key, out var block)) blocks[key] = block = [];
                block.Add(person);
            }
        }
        foreach (var person in people)
        {
            if (person.Email is not null) person.EmailHolders = blocks[person.EmailKey].Count;
            if (person.Phone is not null) person.PhoneHolders = blocks[person.PhoneKey].Count;
        }
        return blocks;
    }
}
