using Nurture.Handoff.Sales;

namespace Nurture.Handoff.Tests.Sales;

/// <summary>Won asks for the deal's value and close date: both required, each checked, and refused for other outcomes.</summary>
public sealed class WonDealTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    [Theory]
    [InlineData("1200000", 1200000)]
    [InlineData("\"1,200,000\"", 1200000)]
    [InlineData("\" 980000.5 \"", 980000.5)]
    [InlineData("0.01", 0.01)]
    [InlineData("100000000000", 100000000000)]
    public async Task Parse_AValidAmount_IsKept(string json, double expected)
    {
        using var body = await BodyOf.JsonAsync($$"""{"dealValue": {{json}}, "closedOn": "2026-12-01"}""");

        var deal = WonDeal.Parse(body, "won", Today);

        Assert.Empty(body.Errors);
        Assert.Equal((decimal)expected, deal!.Value);
        Assert.Equal(new DateOnly(2026, 12, 1), deal.ClosedOn);
    }

    [Theory]
    [InlineData("0", "must be more than 0")]
    [InlineData("-5", "must be more than 0")]
    [InlineData("100000000000.01", "must be at most 100,000,000,000")]
    [InlineData("1e300", "must be more than 0 and at most")]
    [InlineData("12.345", "at most two decimal places")]
    [InlineData("\"12 thousand\"", "must be an amount in digits")]
    [InlineData("\"<script>alert(1)</script>\"", "must be an amount in digits")]
    [InlineData("\"\"", "must be an amount in digits")]
    [InlineData("true", "must be a number")]
    [InlineData("[1]", "must be a number")]
    [InlineData("\"99999999999999999999999999999999999999999999\"", "must be an amount in digits")]
    public async Task Parse_ABadAmount_IsRefusedAtDealValue(string json, string reason)
    {
        using var body = await BodyOf.JsonAsync($$"""{"dealValue": {{json}}, "closedOn": "2026-12-01"}""");

        Assert.Null(WonDeal.Parse(body, "won", Today));
        Assert.Contains(reason, BodyOf.ErrorAt(body, "dealValue"));
        Assert.Null(BodyOf.ErrorAt(body, "closedOn"));
    }

    [Theory]
    [InlineData("\"2026-02-30\"", "must be a real date")]
    [InlineData("\"07/12/2026\"", "must be a real date")]
    [InlineData("\"2026-12-07T10:00:00Z\"", "must be a real date")]
    [InlineData("20261207", "must be a real date")]
    [InlineData("\"1999-12-31\"", "2000 or later")]
    [InlineData("\"2027-01-08\"", "at most 31 days from today")]
    [InlineData("\"9999-12-31\"", "at most 31 days from today")]
    public async Task Parse_ABadCloseDate_IsRefusedAtClosedOn(string json, string reason)
    {
        using var body = await BodyOf.JsonAsync($$"""{"dealValue": 5000, "closedOn": {{json}}}""");

        Assert.Null(WonDeal.Parse(body, "won", Today));
        Assert.Contains(reason, BodyOf.ErrorAt(body, "closedOn"));
    }

    [Fact]
    public async Task Parse_WonWithoutEither_NamesBoth()
    {
        using var body = await BodyOf.JsonAsync("""{"outcome": "won"}""");

        Assert.Null(WonDeal.Parse(body, "won", Today));
        Assert.Contains("is required", BodyOf.ErrorAt(body, "dealValue"));
        Assert.Contains("is required", BodyOf.ErrorAt(body, "closedOn"));
    }

    [Fact]
    public async Task Parse_TheLastDayAllowedAhead_IsKept()
    {
        using var body = await BodyOf.JsonAsync("""{"dealValue": 1, "closedOn": "2027-01-07"}""");

        Assert.NotNull(WonDeal.Parse(body, "won", Today));
    }

    [Theory]
    [InlineData("accepted")]
    [InlineData("lost")]
    public async Task Parse_AValueForAnotherOutcome_IsRefused(string outcome)
    {
        using var body = await BodyOf.JsonAsync("""{"dealValue": 5000, "closedOn": "2026-12-01"}""");

        Assert.Null(WonDeal.Parse(body, outcome, Today));
        Assert.Contains("only taken when the outcome is won", BodyOf.ErrorAt(body, "dealValue"));
        Assert.Contains("only taken when the outcome is won", BodyOf.ErrorAt(body, "closedOn"));
    }

    [Fact]
    public void Texts_AreInvariant_WithoutSeparatorsOrTrailingZeros()
    {
        var deal = new WonDeal(1200000.50m, new DateOnly(2026, 3, 9));

        Assert.Equal("1200000.5", deal.ValueText);
        Assert.Equal("2026-03-09", deal.ClosedOnText);
    }
}
