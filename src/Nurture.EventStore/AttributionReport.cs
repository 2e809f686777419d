namespace Nurture.EventStore;

/// <summary>A campaign's cost for one calendar month, in one currency.</summary>
public sealed record CampaignMonthCost(string Campaign, DateOnly Month, decimal Amount, string Currency);

/// <summary>
/// One row of the report: a channel, source or campaign, the outcomes it is credited with (fractions under the
/// multi-touch models), its share of all, the deal value credited the same way, and the cost spent on it in the
/// period with the cost per credited outcome (null where nothing was spent or nothing was credited).
/// </summary>
public sealed record AttributionRow(string Key, double Credit, double Share, double Value, decimal? Cost, decimal? CostPerOutcome);

/// <summary>The report: its rows (most credit first), the totals, and the cost that could not be placed under a row.</summary>
public sealed record AttributionResult(
    IReadOnlyList<AttributionRow> Rows, double Outcomes, double Value, decimal Cost, decimal UnplacedCost, IReadOnlyList<string> UnplacedCampaigns);

/// <summary>
/// Puts the credits and the uploaded costs together, by channel, source or campaign (pure; tested without ClickHouse).
/// A month's cost counts for the part of the month inside the period (a period of half of November takes half of
/// November's cost). By campaign, the cost is the campaign's; by channel or source, a campaign's cost is shared among
/// the channels (sources) its touches in the period came through, in proportion to those touches. A campaign with cost
/// but no touches in the period is reported apart (<see cref="AttributionResult.UnplacedCost"/>).
/// </summary>
public static class AttributionReport
{
    public static AttributionResult Build(
        IReadOnlyList<AttributionCredit> credits, AnalysisDimension by, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyList<CampaignMonthCost> costs, string currency, IReadOnlyList<CampaignTouches> campaignTouches)
    {
        string KeyOf(AttributionCredit c) => by switch
        {
            AnalysisDimension.Campaign => c.Campaign,
            AnalysisDimension.Source => c.Source,
            _ => c.Channel,
        };
        var credit = new Dictionary<string, (double Credit, double Value)>(StringComparer.Ordinal);
        foreach (var c in credits)
        {
            var (sum, value) = credit.GetValueOrDefault(KeyOf(c));
            credit[KeyOf(c)] = (sum + c.Credit, value + c.Value);
        }

        var campaignCost = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var month in costs.Where(c => c.Currency == currency))
        {
            var part = month.Amount * InPeriod(month.Month, from, to);
            if (part > 0) campaignCost[month.Campaign] = campaignCost.GetValueOrDefault(month.Campaign) + part;
        }
        var cost = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var unplaced = 0m;
        List<string> unplacedCampaigns = [];
        foreach (var (campaign, amount) in campaignCost)
        {
            if (by == AnalysisDimension.Campaign)
            {
                cost[campaign] = amount;
                continue;
            }
            var touches = campaignTouches.Where(t => t.Campaign == campaign && t.Touches > 0).ToList();
            var total = touches.Sum(t => t.Touches);
            if (total == 0)
            {
                unplaced += amount;
                unplacedCampaigns.Add(campaign);
                continue;
            }
            foreach (var t in touches)
            {
                var key = by == AnalysisDimension.Source ? t.Source : t.Channel;
                cost[key] = cost.GetValueOrDefault(key) + amount * t.Touches / total;
            }
        }

        var outcomes = credit.Values.Sum(c => c.Credit);
        var rows = credit.Keys.Union(cost.Keys).Select(key =>
        {
            var (sum, value) = credit.GetValueOrDefault(key);
            decimal? spent = cost.TryGetValue(key, out var c) ? Math.Round(c, 2) : null;
            decimal? per = spent is { } s && sum > 1e-9 ? Math.Round(s / (decimal)sum, 2) : null;
            return new AttributionRow(key, Math.Round(sum, 6), outcomes > 0 ? Math.Round(sum / outcomes, 6) : 0, Math.Round(value, 2), spent, per);
        }).OrderByDescending(r => r.Credit).ThenByDescending(r => r.Cost ?? 0).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        unplacedCampaigns.Sort(StringComparer.Ordinal);
        return new AttributionResult(rows, Math.Round(outcomes, 6), Math.Round(credit.Values.Sum(c => c.Value), 2),
            Math.Round(campaignCost.Values.Sum(), 2), Math.Round(unplaced, 2), unplacedCampaigns);
    }

    /// <summary>The share of <paramref name="month"/> inside [from, to): 1 for a whole month, 0.5 for half of it.</summary>
    public static decimal InPeriod(DateOnly month, DateTimeOffset from, DateTimeOffset to)
    {
        var start = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddMonths(1);
        var overlap = (to < end ? to : end) - (from > start ? from : start);
        return overlap <= TimeSpan.Zero ? 0 : (decimal)overlap.Ticks / (end - start).Ticks;
    }
}
