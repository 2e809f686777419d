using Nurture.EventStore;

namespace Nurture.EventStore.Tests;

/// <summary>Credits and costs put together: proration by month, roll-up by touches, cost per outcome.</summary>
public sealed class AttributionReportTests
{
    private static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset December = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void InPeriod_IsTheShareOfTheMonthInsideThePeriod()
    {
        var month = new DateOnly(2026, 11, 1);
        Assert.Equal(1m, AttributionReport.InPeriod(month, November, December));
        Assert.Equal(0.5m, AttributionReport.InPeriod(month, November.AddDays(15), December.AddDays(3)));
        Assert.Equal(0m, AttributionReport.InPeriod(month, December, December.AddDays(30)));
        Assert.Equal(1m, AttributionReport.InPeriod(month, November.AddYears(-1), December.AddYears(1)));
    }

    [Fact]
    public void ByCampaign_CostPerOutcome_IsCostOverCredit_AndSpendWithoutResultsShows()
    {
        List<AttributionCredit> credits = [new("paid_search", "google", "spring", 3, 0), new("email", "newsletter", "", 1, 0)];
        List<CampaignMonthCost> costs = [new("spring", new DateOnly(2026, 11, 1), 90_000, "JPY"), new("autumn", new DateOnly(2026, 11, 1), 10_000, "JPY"),
            new("spring", new DateOnly(2026, 11, 1), 500, "USD")];
        var report = AttributionReport.Build(credits, AnalysisDimension.Campaign, November, December, costs, "JPY", []);
        var spring = report.Rows.Single(r => r.Key == "spring");
        Assert.Equal(90_000m, spring.Cost);
        Assert.Equal(30_000m, spring.CostPerOutcome);
        Assert.Equal(0.75, spring.Share, 9);
        var autumn = report.Rows.Single(r => r.Key == "autumn");
        Assert.Equal(0, autumn.Credit);
        Assert.Equal(10_000m, autumn.Cost);
        Assert.Null(autumn.CostPerOutcome);
        Assert.Null(report.Rows.Single(r => r.Key == "").Cost);
        Assert.Equal(4, report.Outcomes, 9);
        Assert.Equal(100_000m, report.Cost);
    }

    [Fact]
    public void ByChannel_ACampaignsCost_IsSharedByItsTouches_AndWithoutTouchesItIsUnplaced()
    {
        List<AttributionCredit> credits = [new("paid_search", "google", "spring", 2, 1_000_000), new("social", "facebook", "spring", 2, 0)];
        List<CampaignMonthCost> costs = [new("spring", new DateOnly(2026, 11, 1), 100_000, "JPY"), new("ghost", new DateOnly(2026, 11, 1), 5_000, "JPY")];
        List<CampaignTouches> touches = [new("spring", "paid_search", "google", 3), new("spring", "social", "facebook", 1)];
        var report = AttributionReport.Build(credits, AnalysisDimension.Channel, November, December, costs, "JPY", touches);
        Assert.Equal(75_000m, report.Rows.Single(r => r.Key == "paid_search").Cost);
        Assert.Equal(37_500m, report.Rows.Single(r => r.Key == "paid_search").CostPerOutcome);
        Assert.Equal(25_000m, report.Rows.Single(r => r.Key == "social").Cost);
        Assert.Equal(1_000_000, report.Value, 6);
        Assert.Equal(5_000m, report.UnplacedCost);
        Assert.Equal(["ghost"], report.UnplacedCampaigns);
    }
}
