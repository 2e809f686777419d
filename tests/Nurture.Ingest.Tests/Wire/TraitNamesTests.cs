using Nurture.Abstractions.Leads;

namespace Nurture.Ingest.Tests.Wire;

public sealed class TraitNamesTests
{
    [Theory]
    [InlineData("company", "company")]
    [InlineData("jobTitle", "job_title")]
    [InlineData("companySize", "company_size")]
    [InlineData("HTMLForm", "html_form")]
    [InlineData("utmSource2", "utm_source2")]
    [InlineData("Company Name", "company_name")]
    [InlineData("your-email", "your_email")]
    [InlineData("  lead[phone]  ", "lead_phone")]
    [InlineData("2ndPhone", "nd_phone")]
    [InlineData("__x__", "x")]
    [InlineData("Über", "ber")]
    [InlineData("会社名", null)]
    [InlineData("---", null)]
    [InlineData("", null)]
    public void FromPublic_GivesATraitName_OrNull(string raw, string? expected) => Assert.Equal(expected, TraitNames.FromPublic(raw));

    [Fact]
    public void FromPublic_LongNames_AreCutTo64_AndStayValid()
    {
        var name = TraitNames.FromPublic(new string('a', 63) + "_bcd")!;
        Assert.Equal(63, name.Length);
        Assert.True(TraitNames.IsValid(name));
        Assert.True(TraitNames.IsValid(TraitNames.FromPublic(string.Concat(Enumerable.Repeat("ab-", 40)))!));
    }

    [Theory]
    [InlineData("owner")]
    [InlineData("sales_outcome")]
    [InlineData("sales_reason")]
    [InlineData("email")]
    [InlineData("consent")]
    [InlineData("consent_marketing")]
    [InlineData("stage")]
    [InlineData("interest_pricing")]
    public void Reserved_NamesTheServerOrSalesSet(string name) => Assert.True(ReservedTraits.IsReserved(name));

    [Theory]
    [InlineData("name")]
    [InlineData("company")]
    [InlineData("job_title")]
    [InlineData("owner_name_kana")]
    public void Reserved_LeavesOrdinaryNames(string name) => Assert.False(ReservedTraits.IsReserved(name));
}
