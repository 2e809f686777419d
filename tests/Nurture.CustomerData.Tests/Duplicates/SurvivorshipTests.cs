using Nurture.CustomerData.Duplicates;

namespace Nurture.CustomerData.Tests.Duplicates;

public sealed class SurvivorshipTests
{
    private static readonly DateTimeOffset T0 = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);

    private static FieldValues Lead(string id, int daysAgo, string? source, params (string Field, string? Value)[] values) =>
        new(id, T0.AddDays(-daysAgo), source, values.ToDictionary(v => v.Field, v => v.Value));

    private static readonly FieldValues[] Leads =
    [
        Lead("lead A", 30, "business cards", ("email", "taro@nurture.jp"), ("phone", "+81312345678"), ("company", "株式会社ナーチャー"), ("title", "部長")),
        Lead("lead B", 1, "trade show", ("email", "taro@gmail.com"), ("phone", ""), ("company", "ナーチャー(株)"), ("title", null)),
        Lead("lead C", 10, "web form", ("email", "  "), ("phone", "+819012345678"), ("company", "Nurture"), ("title", "課長")),
    ];

    [Fact]
    public void Merge_TakesTheNewestNonEmptyValueByDefault()
    {
        var merged = Survivorship.Merge(Leads);
        Assert.Equal("taro@gmail.com", merged.Values["email"]);
        Assert.Equal("+819012345678", merged.Values["phone"]);
        Assert.Equal("課長", merged.Values["title"]);
        Assert.Equal(["email", "phone", "company", "title"], merged.Decisions.Select(d => d.Field));
        var phone = merged.Decisions.Single(d => d.Field == "phone");
        Assert.Equal("lead C", phone.WinningRecordId);
        Assert.Equal("phone from lead C: newest non-empty value (updated 2026-09-25)", phone.Reason);
    }

    [Fact]
    public void Merge_FollowsSourcePriority()
    {
        var rules = new SurvivorshipRules
        {
            Fields = new Dictionary<string, FieldRule> { ["Email"] = FieldRule.SourcePriority("business cards", "trade show") },
        };
        var email = Survivorship.Merge(Leads, rules).Decisions.Single(d => d.Field == "email");
        Assert.Equal(("taro@nurture.jp", "lead A"), (email.Value, email.WinningRecordId));
        Assert.Equal("email from lead A: source 'business cards' ranks highest among the records that have a value", email.Reason);
    }

    [Fact]
    public void Merge_SourcePrioritySkipsEmptyValuesAndFallsBackToTheNewest()
    {
        var rules = new SurvivorshipRules
        {
            DefaultRule = FieldRule.SourcePriority("trade show", "purchased list"),
        };
        var merged = Survivorship.Merge(Leads, rules);
        var phone = merged.Decisions.Single(d => d.Field == "phone");
        Assert.Equal("lead C", phone.WinningRecordId);
        Assert.EndsWith("; no record from a listed source has one", phone.Reason);
        Assert.Equal("lead B", merged.Decisions.Single(d => d.Field == "email").WinningRecordId);
    }

    [Fact]
    public void Merge_SourcePriorityBreaksTiesByNewest()
    {
        FieldValues[] records = [Lead("old", 9, "Business Cards", ("name", "旧")), Lead("new", 2, "business cards", ("name", "新"))];
        var rules = new SurvivorshipRules { DefaultRule = FieldRule.SourcePriority("business cards") };
        Assert.Equal("新", Survivorship.Merge(records, rules).Values["name"]);
    }

    [Fact]
    public void Merge_HonoursManualChoicesEvenOfEmptyValues()
    {
        var rules = new SurvivorshipRules
        {
            Fields = new Dictionary<string, FieldRule>
            {
                ["company"] = FieldRule.Manual("lead B"),
                ["title"] = FieldRule.Manual("lead B"),
            },
        };
        var merged = Survivorship.Merge(Leads, rules);
        var company = merged.Decisions.Single(d => d.Field == "company");
        Assert.Equal("company from lead B: manual choice", company.Reason);
        Assert.Equal("ナーチャー(株)", merged.Values["company"]);
        Assert.Null(merged.Values["title"]);
    }

    [Fact]
    public void Merge_SaysWhenNoRecordHasAValue()
    {
        var merged = Survivorship.Merge([Lead("x", 0, null, ("fax", null)), Lead("y", 1, null, ("fax", " "))]);
        var fax = Assert.Single(merged.Decisions);
        Assert.Equal(new FieldDecision("fax", null, null, "fax: no record has a value"), fax);
    }

    [Fact]
    public void Merge_KeepsTheFirstOfEquallyNewRecords()
    {
        var merged = Survivorship.Merge([Lead("first", 0, null, ("name", "A")), Lead("second", 0, null, ("name", "B"))]);
        Assert.Equal("A", merged.Values["name"]);
    }

    [Fact]
    public void Merge_MatchesFieldNamesWithoutCase()
    {
        var merged = Survivorship.Merge([Lead("x", 5, null, ("Email", "old@x.jp")), Lead("y", 1, null, ("email", "new@x.jp"))]);
        Assert.Equal("new@x.jp", Assert.Single(merged.Values).Value);
        Assert.Equal("new@x.jp", merged.Values["EMAIL"]);
    }

    [Fact]
    public void Merge_RefusesWhatCannotBeMerged()
    {
        Assert.Throws<ArgumentNullException>(() => Survivorship.Merge(null!));
        Assert.Throws<ArgumentException>(() => Survivorship.Merge([]));
        Assert.Throws<ArgumentException>(() => Survivorship.Merge([Leads[0], null!]));
        var unknown = new SurvivorshipRules { Fields = new Dictionary<string, FieldRule> { ["email"] = FieldRule.Manual("lead Z") } };
        var error = Assert.Throws<ArgumentException>(() => Survivorship.Merge(Leads, unknown));
        Assert.Contains("lead Z", error.Message);
    }

    [Fact]
    public void FieldRule_FactoriesRefuseEmptyArguments()
    {
        Assert.Throws<ArgumentNullException>(() => FieldRule.SourcePriority(null!));
        Assert.Throws<ArgumentException>(() => FieldRule.Manual(" "));
        Assert.Same(FieldRule.NewestNonEmpty, SurvivorshipRules.Default.For("anything"));
        Assert.Equal(new FieldRule.ManualRule("b"), FieldRule.Manual("b"));
    }

    [Fact]
    public void SurvivorshipRules_FindsTheRuleForAFieldWithoutCase()
    {
        var rules = new SurvivorshipRules { Fields = new Dictionary<string, FieldRule> { ["Company"] = FieldRule.Manual("a") } };
        Assert.Equal(FieldRule.Manual("a"), rules.For("COMPANY"));
        Assert.Equal(FieldRule.NewestNonEmpty, rules.For("email"));
    }

    [Fact]
    public void FieldValues_FromPersonRecordCarriesItsFields()
    {
        var record = new PersonRecord("p1", "a@b.jp", "+81312345678", "田中 太郎", "タナカ タロウ", "ナーチャー", T0, "web form");
        var values = FieldValues.From(record);
        Assert.Equal(("p1", T0, "web form"), (values.RecordId, values.UpdatedAt, values.Source));
        Assert.Equal("タナカ タロウ", values.Values["KANANAME"]);
        Assert.Equal(5, values.Values.Count);
        Assert.Throws<ArgumentNullException>(() => FieldValues.From(null!));
    }
}
