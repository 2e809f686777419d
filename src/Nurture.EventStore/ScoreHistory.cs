using System.Globalization;
using System.Text.Json;
using Nurture.Abstractions.Scoring;

namespace Nurture.EventStore;

/// <summary>One point of a lead's score over time: the engagement and fit right after a change, and why it changed.</summary>
public sealed record ScorePoint(DateTimeOffset At, string Kind, string Key, double Engagement, double Fit, string Grade, string Stage);

/// <summary>
/// A lead's score over time from ClickHouse's score_changes (rule hits, fit and stage changes), oldest
/// first, across every lead id merged into it. Re-scoring rewrites the live scores but not this record.
/// </summary>
public sealed class ScoreHistory(ClickHouseStore store)
{
    public const int MaxPoints = 2000;

    /// <summary>The newest <paramref name="limit"/> points, returned oldest first (the order a chart draws them).</summary>
    public async Task<List<ScorePoint>> ReadAsync(IReadOnlyCollection<Guid> leadIds, int limit, CancellationToken cancellationToken)
    {
        if (leadIds.Count == 0) return [];
        var kinds = ClickHouseSql.List([ScoreChange.RuleKind, ScoreChange.FitKind, ScoreChange.StageKind]);
        var rows = await store.QueryAsync($"""
            SELECT toString(at_ms) AS ms, kind, key, engagement, fit, grade, stage
            FROM score_changes
            WHERE lead_id IN ({ClickHouseSql.List(leadIds)}) AND kind IN ({kinds})
            ORDER BY at_ms DESC, kind, key
            LIMIT {Math.Clamp(limit, 1, MaxPoints)}
            """, cancellationToken);
        var points = rows.Select(Read).ToList();
        points.Reverse();
        return points;
    }

    private static ScorePoint Read(JsonElement row) => new(
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ClickHouseRows.Text(row, "ms")!, CultureInfo.InvariantCulture)),
        ClickHouseRows.Text(row, "kind") ?? "", ClickHouseRows.Text(row, "key") ?? "",
        ClickHouseRows.Double(row, "engagement"), ClickHouseRows.Double(row, "fit"),
        ClickHouseRows.Text(row, "grade") ?? "", ClickHouseRows.Text(row, "stage") ?? "");
}
