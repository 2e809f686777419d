using Nurture.Abstractions.Scoring;

namespace Nurture.Scoring;

/// <summary>A lead's scores as of <see cref="At"/>, with the reasons: GET /api/leads/{id}/score.</summary>
public sealed record ScoreReport(
    double Engagement,
    IReadOnlyDictionary<string, double> Interest,
    double Fit,
    string Grade,
    IReadOnlyList<string> FitRules,
    string Stage,
    IReadOnlyList<StageChange> StageHistory,
    IReadOnlyList<ExplainedContribution> TopContributions,
    int ModelVersion,
    DateTimeOffset At);

/// <summary>A rule hit with the points it gave and the points it still weighs now, after decay.</summary>
public sealed record ExplainedContribution(
    string EventId, string RuleId, string Category, double Points, double PointsNow, DateTimeOffset At, string? Url);
