namespace Nurture.CustomerData.Duplicates;

/// <summary>
/// Scores a pair of records in the Fellegi–Sunter manner: each field adds log-odds for (agrees) or against
/// (disagrees) the pair being one person, a missing field adds nothing, and the sum becomes a 0..1 score.
/// The weights say what ledgers teach: an e-mail is nearly personal, a phone less so, a company only
/// supports, and clearly different names outweigh a shared mailbox or switchboard.
/// </summary>
internal static class PairScorer
{
    private const double Prior = -4;
    private const double SameEmail = 6, DifferentEmail = -1.5;
    private const double SamePhone = 4, DifferentPhone = -1;
    private const double SameCompany = 2, DifferentCompany = -1.5;
    // A different name is strong but not final evidence: spouses share an address and a home phone, yet
    // people also marry and change their family name. Both end near 0.5, for a person to judge.
    private const double SameName = 4, NameOneEditApart = 3, NameTwoEditsApart = 1, DifferentName = -6;
    // A role mailbox (info@, sales@) is shared by design: agreeing on one says about as much as a phone.
    private const double SameRoleMailbox = 3;
    private const double LeastAgreement = 1;
    // Distances past this all mean "another name"; computing them exactly would be wasted work.
    private const int MaxNameDistance = 3;

    public static DuplicateCandidate Score(PreparedPerson a, PreparedPerson b)
    {
        var reasons = new List<string>();
        var evidence = Prior
            + Field(a.Email, b.Email, Shared(a.IsRoleMailbox ? SameRoleMailbox : SameEmail, a.EmailHolders), DifferentEmail, "same email", reasons)
            + Field(a.Phone, b.Phone, Shared(SamePhone, a.PhoneHolders), DifferentPhone, "same phone", reasons);
        var company = Field(a.Company, b.Company, SameCompany, DifferentCompany, reason: null, reasons);
        var sameCompany = company > 0;
        var (nameWeight, nameReason) = NameEvidence(a, b, sameCompany);
        evidence += company + nameWeight;
        if (nameReason is not null) reasons.Add(nameReason);
        if (sameCompany && nameReason?.Contains("company", StringComparison.Ordinal) != true) reasons.Add("same company");
        return new DuplicateCandidate(a.Id, b.Id, Math.Round(1 / (1 + Math.Exp(-evidence)), 4), reasons);
    }

    // An address or number that many records share (info@, a switchboard) says less about any two of them:
    // agreeing on it weighs one unit less each time the number of its other holders doubles.
    private static double Shared(double weight, int holders) => Math.Max(LeastAgreement, weight - Math.Log2(Math.Max(1, holders - 1)));

    private static double Field(string? a, string? b, double agree, double disagree, string? reason, List<string> reasons)
    {
        if (a is null || b is null) return 0;
        if (!string.Equals(a, b, StringComparison.Ordinal)) return disagree;
        if (reason is not null) reasons.Add(reason);
        return agree;
    }

    /// <summary>
    /// Romaji and kanji are judged apart. A typo sits in one field, so when both the written name and its
    /// reading differ (藤原 and 藤田 are one kanji apart, but read fujiwara and fujita) it is another person.
    /// Otherwise the more doubtful verdict counts, and a script that cannot tell (one kanji off in a
    /// three-character name) leaves the verdict to the other.
    /// </summary>
    private static (double Weight, string? Reason) NameEvidence(PreparedPerson a, PreparedPerson b, bool sameCompany)
    {
        (double Weight, string? Reason)? verdict = null;
        var inexactScripts = 0;
        foreach (var romaji in (ReadOnlySpan<bool>)[true, false])
        {
            if (Closest(a, b, romaji) is not { } closest) continue;
            if (closest.Distance > 0) inexactScripts++;
            var current = Judge(closest, sameCompany);
            if (current.Weight != 0 && (verdict is null || current.Weight < verdict.Value.Weight)) verdict = current;
        }
        if (inexactScripts == 2) return (DifferentName, null);
        return verdict ?? (0, null);
    }

    private static (double Weight, string? Reason) Judge(ClosestNames names, bool sameCompany) => names switch
    {
        { Distance: 0, KanaAgainstRomaji: true } => (SameName, "kana name matches romaji name"),
        { Distance: 0 } => (SameName, sameCompany ? "same name and company" : "same name"),
        // One edit in a name of three characters or fewer (佐藤健, 佐藤建) may as well be another person.
        { Distance: 1, Length: >= 4 } => (NameOneEditApart, Similar(1, sameCompany)),
        { Distance: 1 } => (0, null),
        { Distance: 2, Length: >= 7 } => (NameTwoEditsApart, Similar(2, sameCompany)),
        _ => (DifferentName, null),
    };

    private static string Similar(int distance, bool sameCompany) =>
        $"similar name (edit distance {distance})" + (sameCompany ? " at same company" : "");

    private readonly record struct ClosestNames(int Distance, int Length, bool KanaAgainstRomaji);

    /// <summary>The closest pair of name forms in one script family, or null when either record has none in it.</summary>
    private static ClosestNames? Closest(PreparedPerson a, PreparedPerson b, bool romaji)
    {
        ClosestNames? best = null;
        foreach (var x in a.Names)
        {
            if (x.IsRomaji != romaji) continue;
            foreach (var y in b.Names)
            {
                if (y.IsRomaji != romaji) continue;
                var distance = EditDistance.DamerauLevenshtein(x.Key, y.Key, MaxNameDistance);
                var kanaAgainstRomaji = x.FromKana != y.FromKana;
                // The closer pair wins; at equal distance a same-script pair, the plainer reason.
                if (best is not { } sofar || distance < sofar.Distance || (distance == sofar.Distance && sofar.KanaAgainstRomaji && !kanaAgainstRomaji))
                    best = new ClosestNames(distance, Math.Max(x.Key.Length, y.Key.Length), kanaAgainstRomaji);
            }
        }
        return best;
    }
}
