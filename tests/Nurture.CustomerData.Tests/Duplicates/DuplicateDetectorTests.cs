using Nurture.CustomerData.Duplicates;

namespace Nurture.CustomerData.Tests.Duplicates;

public sealed class DuplicateDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 10, 5, 9, 0, 0, TimeSpan.FromHours(9));

    private static PersonRecord Person(string id, string? email = null, string? phone = null, string? name = null, string? kana = null, string? company = null) =>
        new(id, email, phone, name, kana, company, T0);

    public static TheoryData<PersonRecord, PersonRecord, string> Pairs => new()
    {
        { Person("a", email: "taro@example.co.jp", name: "田中 太郎"), Person("b", email: "Taro@EXAMPLE.CO.JP", name: "田中太郎"), "same email" },
        { Person("a", phone: "+819012345678", name: "田中 太郎"), Person("b", phone: "090-1234-5678", name: "田中太郎様"), "same phone" },
        { Person("a", phone: "+819012345678", name: "田中 太郎"), Person("b", phone: "９０１２３４５６７８", name: "田中 太郎"), "same phone" },
        { Person("a", name: "田中 太郎", company: "株式会社ナーチャー"), Person("b", name: "田中太郎", company: "ﾅｰﾁｬｰ(株)"), "same name and company" },
        { Person("a", name: "Taro Tanaka", company: "Nurture Inc."), Person("b", name: "Tanaka Tarou", company: "NURTURE, Co., Ltd."), "same name and company" },
        { Person("a", name: "Tanaka Taro", company: "Nurture Inc."), Person("b", name: "Tanaka Taor", company: "Nurture Inc."), "similar name (edit distance 1) at same company" },
        { Person("a", name: "田中 太郎", company: "ナーチャー"), Person("b", name: "田中 大郎", company: "ナーチャー"), "similar name (edit distance 1) at same company" },
        { Person("a", phone: "03-1234-5678", kana: "タナカ タロウ", name: "田中 太郎"), Person("b", phone: "+81 3 1234 5678", name: "Taro Tanaka"), "kana name matches romaji name" },
        { Person("a", email: "suzuki@x.jp", kana: "スズキイチロウ"), Person("b", email: "suzuki@x.jp", name: "Ichiro Suzuki"), "kana name matches romaji name" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void FindPairs_FindsDuplicatesAndSaysWhy(PersonRecord a, PersonRecord b, string reason)
    {
        var pair = Assert.Single(DuplicateDetector.FindPairs([a, b, Person("other", "x@y.jp", "+81311112222", "佐藤 花子", "サトウ ハナコ", "ACME")]));
        Assert.Equal(("a", "b"), (pair.FirstId, pair.SecondId));
        Assert.Contains(reason, pair.Reasons);
        Assert.InRange(pair.Score, 0.7, 1);
    }

    public static TheoryData<PersonRecord, PersonRecord> NotPairs => new()
    {
        // A shared mailbox or switchboard is not one person.
        { Person("a", email: "info@example.jp", name: "田中 太郎"), Person("b", email: "info@example.jp", name: "佐藤 花子") },
        { Person("a", phone: "03-1234-5678", name: "田中 太郎", company: "ナーチャー"), Person("b", phone: "03-1234-5678", name: "鈴木 一郎", company: "ナーチャー") },
        // Spouses sharing a family address and home phone.
        {
            Person("a", "yamada.family@example.jp", "03-1111-2222", "山田 太郎", "ヤマダ タロウ"),
            Person("b", "yamada.family@example.jp", "03-1111-2222", "山田 花子", "ヤマダ ハナコ")
        },
        // One kanji apart, but read differently: two people.
        { Person("a", phone: "03-1111-2222", name: "藤原 奈々", kana: "フジワラ ナナ", company: "ACME"), Person("b", phone: "03-1111-2222", name: "藤田 奈々", kana: "フジタ ナナ", company: "ACME") },
        // Namesakes elsewhere.
        { Person("a", email: "t1@a.jp", name: "田中 太郎", company: "ACME"), Person("b", email: "t2@b.jp", name: "田中 太郎", company: "Nurture") },
        { Person("a", name: "田中 太郎"), Person("b", name: "田中 太郎") },
        // Colleagues with unrelated names.
        { Person("a", name: "Tanaka Taro", company: "Nurture"), Person("b", name: "Sato Hanako", company: "Nurture") },
        { Person("a", company: "Nurture"), Person("b", company: "Nurture") },
        { Person("a"), Person("b") },
    };

    [Theory]
    [MemberData(nameof(NotPairs))]
    public void FindPairs_LeavesApartWhatIsNotOnePerson(PersonRecord a, PersonRecord b) =>
        Assert.Empty(DuplicateDetector.FindPairs([a, b]));

    [Fact]
    public void FindPairs_ReportsEachPairOnceBestFirst()
    {
        var records = new[]
        {
            Person("a", "taro@x.jp", "090-1234-5678", "田中 太郎", "タナカ タロウ", "ナーチャー"),
            Person("b", "taro@x.jp", "090-1234-5678", "田中 太郎", "タナカ タロウ", "ナーチャー"),
            Person("c", null, null, "田中 太郎", null, "ナーチャー"),
        };
        var result = DuplicateDetector.FindPairs(records);
        Assert.Equal([("a", "b"), ("a", "c"), ("b", "c")], result.Select(p => (p.FirstId, p.SecondId)).Order().ToList());
        Assert.Equal(("a", "b"), (result[0].FirstId, result[0].SecondId));
        Assert.True(result.Zip(result.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.Equal(3, result.ComparisonCount);
        Assert.Equal(3, result.Count);
        Assert.Equal(result.ToList(), result.AsEnumerable().ToList());
    }

    [Fact]
    public void FindPairs_OnlyWindowsThroughAnOversizedBlock()
    {
        // Three hundred people behind one info@ address: 44,850 pairs if compared naively.
        var random = new Random(3);
        string Word() => new(Enumerable.Range(0, 7).Select(_ => (char)('a' + random.Next(26))).ToArray());
        var records = Enumerable.Range(0, 300).Select(i => Person($"p{i}", email: "info@example.jp", name: $"{Word()} {Word()}")).ToList();
        records.Add(records[7] with { Id = "dup" });
        var options = DuplicateOptions.Default with { MaxBlockSize = 50, WindowSize = 10 };

        var result = DuplicateDetector.FindPairs(records, options);

        Assert.True(result.ComparisonCount <= records.Count * options.WindowSize, $"{result.ComparisonCount} comparisons");
        Assert.True(result.OversizedBlockCount >= 1);
        var pair = Assert.Single(result);
        Assert.Equal(("p7", "dup"), (pair.FirstId, pair.SecondId));
    }

    [Fact]
    public void FindPairs_TrustsARoleMailboxLessThanAPersonalOne()
    {
        var personal = DuplicateDetector.FindPairs([Person("a", email: "taro@example.jp", name: "田中 太郎"), Person("b", email: "taro@example.jp", name: "田中 太郎")]);
        var role = DuplicateDetector.FindPairs([Person("a", email: "info@example.jp", name: "田中 太郎"), Person("b", email: "INFO@example.jp", name: "田中 太郎")]);
        Assert.True(role.Single().Score < personal.Single().Score);
    }

    [Fact]
    public void FindPairs_TrustsAnAddressManyRecordsShareLess()
    {
        PersonRecord[] pair = [Person("a", phone: "03-1111-2222", name: "田中 太郎"), Person("b", phone: "03-1111-2222", name: "田中 太郎")];
        var alone = DuplicateDetector.FindPairs(pair).Single().Score;
        var crowded = DuplicateDetector.FindPairs([.. pair, .. Enumerable.Range(0, 20).Select(i => Person($"x{i}", phone: "03-1111-2222", name: $"Someone{i} Else"))])
            .Single(p => p.FirstId == "a" && p.SecondId == "b").Score;
        Assert.True(crowded < alone, $"{crowded} < {alone}");
    }

    [Fact]
    public void FindPairs_HonoursTheThreshold()
    {
        var records = new[] { Person("a", name: "田中 太郎", company: "ナーチャー"), Person("b", name: "田中 太郎", company: "ナーチャー") };
        Assert.Single(DuplicateDetector.FindPairs(records, DuplicateOptions.Default with { MinScore = 0.8 }));
        Assert.Empty(DuplicateDetector.FindPairs(records, DuplicateOptions.Default with { MinScore = 0.99 }));
    }

    [Fact]
    public void FindPairs_NormalisesPhonesInTheDefaultCountry()
    {
        var records = new[] { Person("a", phone: "(415) 555-0100", name: "Ann Lee"), Person("b", phone: "+1 415 555 0100", name: "Ann Lee") };
        Assert.Single(DuplicateDetector.FindPairs(records, DuplicateOptions.Default with { DefaultCountry = "US" }));
    }

    [Fact]
    public void FindPairs_SurvivesHostileRecords()
    {
        var records = new[]
        {
            Person("a", "\u0000@@", "tel:::", new string('x', 100_000), "\uD800", "株式会社"),
            Person("b", "\u0000@@", "tel:::", new string('x', 100_000), "\uD800", "株式会社"),
            Person("", "", "", "", "", ""),
            Person("c", "not an email", "+", "=cmd|' /C calc'!A0", "ｰｰｰ", "(株)"),
        };
        var result = DuplicateDetector.FindPairs(records);
        Assert.Contains(result, p => p.FirstId == "a" && p.SecondId == "b");
        Assert.Empty(DuplicateDetector.FindPairs([]));
    }

    [Fact]
    public void FindPairs_RefusesBadArguments()
    {
        Assert.Throws<ArgumentNullException>(() => DuplicateDetector.FindPairs(null!));
        Assert.Throws<ArgumentException>(() => DuplicateDetector.FindPairs([Person("a"), null!]));
        Assert.Throws<ArgumentOutOfRangeException>(() => DuplicateDetector.FindPairs([], DuplicateOptions.Default with { MinScore = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DuplicateDetector.FindPairs([], DuplicateOptions.Default with { MaxBlockSize = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DuplicateDetector.FindPairs([], DuplicateOptions.Default with { WindowSize = 0 }));
    }
}
