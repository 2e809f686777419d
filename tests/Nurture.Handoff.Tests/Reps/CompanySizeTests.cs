using Nurture.Handoff.Reps;

namespace Nurture.Handoff.Tests.Reps;

public sealed class CompanySizeTests
{
    [Theory]
    [InlineData("1", "1-49")]
    [InlineData("49", "1-49")]
    [InlineData("50", "50-249")]
    [InlineData("249", "50-249")]
    [InlineData("250", "250-999")]
    [InlineData("999", "250-999")]
    [InlineData("1000", "1000+")]
    [InlineData("12,000", "1000+")]
    [InlineData(" 250-999 ", "250-999")]
    [InlineData("1000+", "1000+")]
    public void Band_HeadCountOrBand_IsItsBand(string value, string band) => Assert.Equal(band, CompanySize.Band(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("about 40")]
    [InlineData("50-100")]
    public void Band_NeitherHeadCountNorBand_IsNone(string? value) => Assert.Null(CompanySize.Band(value));
}
