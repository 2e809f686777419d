using Nurture.CustomerData.Cleansing;

namespace Nurture.CustomerData.Duplicates;

/// <summary>A record with its values normalised once, so that each comparison only compares strings.</summary>
internal sealed class PreparedPerson
{
    // Longer names are not names; the cap bounds the cost of an edit distance on hostile input.
    private const int MaxNameKeyLength = 64;

    // Mailboxes of a function, not a person: Japanese companies list 営業 (eigyo), 総務 (soumu) and お問い合わせ
    // (otoiawase) addresses beside the English ones.
    private static readonly HashSet<string> RoleMailboxes = new(StringComparer.Ordinal)
    {
        "info", "information", "sales", "contact", "support", "office", "admin", "inquiry", "inquiries", "hello", "mail",
        "team", "staff", "general", "service", "customer", "hr", "recruit", "pr", "press", "marketing", "webmaster",
        "noreply", "no-reply", "eigyo", "eigyou", "soumu", "jimu", "toiawase", "otoiawase", "saiyo", "saiyou", "kikaku",
    };

    public PreparedPerson(int index, PersonRecord record, string defaultCountry)
    {
        Index = index;
        Id = record.Id;
        Email = EmailCleaner.Clean(record.Email) is { IsValid: true } email
            ? email.Value.ToLowerInvariant()   // mailboxes are case-insensitive in practice, whatever RFC 5321 allows
            : TextCleaner.Clean(record.Email)?.ToLowerInvariant();
        Phone = PhoneNormaliser.ToE164(record.Phone, defaultCountry) is { IsValid: true } phone ? phone.Value : DigitsOf(record.Phone);
        Company = CompanyNameKey.For(record.Company);
        Names = [.. Forms(record.Name), .. Forms(record.KanaName)];
        SortKey = Names.Count > 0 ? Names[0].Key : "";
    }

    public int Index { get; }
    public string Id { get; }
    public string? Email { get; }
    public string? Phone { get; }
    public string? Company { get; }
    public IReadOnlyList<NameForm> Names { get; }

    /// <summary>How many records in the search have this e-mail (this one included); set once blocks are built.</summary>
    public int EmailHolders { get; set; } = 1;

    /// <summary>How many records in the search have this phone (this one included); set once blocks are built.</summary>
    public int PhoneHolders { get; set; } = 1;

    /// <summary>Orders the members of an oversized block so that similar names sit in the same window.</summary>
    public string SortKey { get; }

    /// <summary>True for a mailbox of a function (info@, sales@) rather than of a person.</summary>
    public bool IsRoleMailbox => Email is not null && RoleMailboxes.Contains(Email[..Math.Max(0, Email.IndexOf('@'))]);

    public string EmailKey => "e:" + Email;

    public string PhoneKey => "p:" + Phone;

    /// <summary>The blocking keys: records that share none of them are never compared.</summary>
    public IEnumerable<string> BlockingKeys()
    {
        if (Email is not null) yield return EmailKey;
        if (Phone is not null) yield return PhoneKey;
        foreach (var name in Names)
        {
            yield return "n:" + name.Key;
            // A typo in a name still leaves its first letters, or those of its other word, at the same company.
            if (Company is not null) yield return "c:" + Company + "|" + name.Key[..Math.Min(2, name.Key.Length)];
            if (name.IsRomaji && Skeleton(name.Key) is { Length: >= 2 } skeleton) yield return "s:" + skeleton;
        }
    }

    private static IEnumerable<NameForm> Forms(string? name)
    {
        var clean = TextCleaner.Clean(name);
        var fromKana = clean is not null && Kana.ContainsKana(clean);
        return PersonNameKey.Variants(clean).Select(key => new NameForm(
            key.Length > MaxNameKeyLength ? key[..MaxNameKeyLength] : key, key.All(char.IsAsciiLetterOrDigit), fromKana));
    }

    // Consonants without repeats: "tanakataro" and "tanakatarou" and "tanaketaro" all read "tnktr", a
    // sound-alike key in the spirit of Soundex, for romaji typos that leave no other shared key.
    private static string Skeleton(string romaji)
    {
        var consonants = romaji.Where(c => c is not ('a' or 'i' or 'u' or 'e' or 'o')).ToArray();
        var skeleton = new List<char>(consonants.Length);
        foreach (var c in consonants) if (skeleton.Count == 0 || skeleton[^1] != c) skeleton.Add(c);
        return new string(skeleton.ToArray());
    }

    private static string? DigitsOf(string? phone)
    {
        var digits = new string((phone ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? null : digits;
    }
}
