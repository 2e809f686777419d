using Nurture.Abstractions.Events;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Scoring;

/// <summary>
/// Runs a scoring model over a lead: behaviour rules with caps per event, fit from traits, and stages
/// with hysteresis. Pure and deterministic: the same events in the same order give the same scores,
/// live or replayed.
/// </summary>
public static class LeadScorer
{
    public const int ContributionLimit = 200;
    private static readonly TimeSpan UnknownCategoryHalfLife = TimeSpan.FromDays(30);

    /// <summary>Applies the model's behaviour rules to one event and reports the rules that fired.</summary>
    public static void ApplyEvent(LeadScores scores, Guid leadId, TrackedEvent e, string sessionKey, ScoringModel model, List<ScoreChange> changes)
    {
        scores.ModelVersion = model.Version;
        if (e.IsBot) return;
        var day = DateOnly.FromDateTime(e.ReceivedAt.UtcDateTime);
        foreach (var rule in model.Rules)
        {
            if (!rule.Matches(e)) continue;
            if (!scores.RuleUsage.TryGetValue(rule.Id, out var usage)) scores.RuleUsage[rule.Id] = usage = new RuleUsage();
            if (usage.Day != day)
            {
                usage.Day = day;
                usage.DayCount = 0;
            }
            if (rule.PerLead is { } perLead && usage.Total >= perLead) continue;
            if (rule.PerDay is { } perDay && usage.DayCount >= perDay) continue;
            if (rule.OncePerSession && usage.LastSession == sessionKey) continue;
            usage.Total++;
            usage.DayCount++;
            usage.LastSession = sessionKey;

            var halfLife = model.HalfLives[rule.Category];
            scores.Interest[rule.Category] = Decay.Add(scores.Interest.GetValueOrDefault(rule.Category), rule.Points, e.ReceivedAt, halfLife);
            AddContribution(scores, new ScoreContribution(e.EventId, rule.Id, rule.Category, rule.Points, e.ReceivedAt, e.Url));
            changes.Add(Change(scores, leadId, ScoreChange.RuleKind, e.EventId, rule.Id, e.ReceivedAt, model) with
            {
                Category = rule.Category,
                Points = rule.Points,
            });
        }
    }

    /// <summary>Recomputes fit and grade from the traits; reports a change when either moved.</summary>
    public static void UpdateFit(
        LeadScores scores, Guid leadId, IReadOnlyDictionary<string, string> traits, IReadOnlyList<string> emails,
        ScoringModel model, string eventId, DateTimeOffset at, List<ScoreChange> changes)
    {
        var matched = model.FitRules.Where(r => r.Holds(traits, emails)).ToList();
        var fit = matched.Sum(r => r.Points);
        var grade = model.Grades.GradeOf(fit);
        var ids = matched.Select(r => r.Id).ToList();
        if (fit == scores.Fit && grade == scores.Grade && ids.SequenceEqual(scores.FitRules)) return;
        scores.Fit = fit;
        scores.Grade = grade;
        scores.FitRules = ids;
        changes.Add(Change(scores, leadId, ScoreChange.FitKind, eventId, "fit", at, model) with { Points = fit });
    }

    /// <summary>
    /// Moves the lead up to the highest stage whose entry it meets, or down when it falls below its
    /// stage's leave threshold (only then: that gap is the hysteresis).
    /// </summary>
    public static void UpdateStage(LeadScores scores, Guid leadId, bool known, ScoringModel model, string eventId, DateTimeOffset at, List<ScoreChange> changes)
    {
        var engagement = Engagement(scores, model, at);
        var floor = known ? LeadStages.Known : LeadStages.Anonymous;
        var current = scores.Stage;
        string[] scored = [LeadStages.Hot, LeadStages.Mql, LeadStages.Engaged];

        var entered = scored.FirstOrDefault(s => model.Stages.TryGetValue(s, out var rule) && engagement >= rule.Enter && scores.Fit >= rule.MinFit) ?? floor;
        string next;
        string reason;
        if (LeadStages.Rank(entered) > LeadStages.Rank(current))
        {
            next = entered;
            reason = $"engagement {engagement:0.#} and fit {scores.Fit:0.#} reached {entered}";
        }
        else if (model.Stages.TryGetValue(current, out var currentRule) && (engagement < currentRule.Leave || scores.Fit < currentRule.MinFit))
        {
            next = scored.Where(s => LeadStages.Rank(s) < LeadStages.Rank(current))
                       .FirstOrDefault(s => model.Stages.TryGetValue(s, out var rule) && engagement >= rule.Leave && scores.Fit >= rule.MinFit)
                   ?? floor;
            reason = $"engagement {engagement:0.#} fell below {current}'s leave threshold {currentRule.Leave:0.#}";
        }
        else return;

        if (next == current) return;
        scores.Stage = next;
        scores.StageHistory.Add(new StageChange(current, next, at, reason));
        changes.Add(Change(scores, leadId, ScoreChange.StageKind, eventId, next, at, model) with { PreviousStage = current });
    }

    /// <summary>The sum of all interest categories, decayed to <paramref name="at"/>.</summary>
    public static double Engagement(LeadScores scores, ScoringModel model, DateTimeOffset at) =>
        scores.Interest.Sum(p => Decay.ValueAt(p.Value, at, HalfLife(model, p.Key)));

    /// <summary>Folds another lead's scores into these (a merge); fit and stage are recomputed by the caller.</summary>
    public static void Merge(LeadScores survivor, LeadScores other, ScoringModel model)
    {
        foreach (var (category, score) in other.Interest)
        {
            survivor.Interest[category] = survivor.Interest.TryGetValue(category, out var mine)
                ? Decay.Combine(mine, score, HalfLife(model, category))
                : score;
        }
        foreach (var (ruleId, usage) in other.RuleUsage)
        {
            if (!survivor.RuleUsage.TryGetValue(ruleId, out var mine))
            {
                survivor.RuleUsage[ruleId] = new RuleUsage { Total = usage.Total, Day = usage.Day, DayCount = usage.DayCount, LastSession = usage.LastSession };
                continue;
            }
            mine.Total += usage.Total;
            if (usage.Day == mine.Day) mine.DayCount += usage.DayCount;
            else if (usage.Day > mine.Day) (mine.Day, mine.DayCount) = (usage.Day, usage.DayCount);
        }
        foreach (var contribution in other.Contributions) AddContribution(survivor, contribution);
        survivor.StageHistory = [.. survivor.StageHistory.Concat(other.StageHistory).Distinct().OrderBy(c => c.At)];
        if (LeadStages.Rank(other.Stage) > LeadStages.Rank(survivor.Stage)) survivor.Stage = other.Stage;
    }

    /// <summary>What the score API shows: decayed values now, and the contributions that weigh most now.</summary>
    public static ScoreReport Report(LeadScores scores, ScoringModel model, DateTimeOffset now, int top = 10)
    {
        var interest = scores.Interest.ToDictionary(p => p.Key, p => Math.Round(Decay.ValueAt(p.Value, now, HalfLife(model, p.Key)), 2), StringComparer.Ordinal);
        var contributions = scores.Contributions
            .Select(c => new ExplainedContribution(c.EventId, c.RuleId, c.Category, c.Points,
                Math.Round(c.Points * Decay.Factor(now - c.At, HalfLife(model, c.Category)), 2), c.At, c.Url))
            .OrderByDescending(c => Math.Abs(c.PointsNow))
            .Take(top)
            .ToList();
        return new ScoreReport(Math.Round(interest.Values.Sum(), 2), interest, scores.Fit, scores.Grade, scores.FitRules,
            scores.Stage, scores.StageHistory, contributions, scores.ModelVersion, now);
    }

    private static TimeSpan HalfLife(ScoringModel model, string category) =>
        model.HalfLives.TryGetValue(category, out var halfLife) ? halfLife : UnknownCategoryHalfLife;

    private static void AddContribution(LeadScores scores, ScoreContribution contribution)
    {
        if (scores.Contributions.Contains(contribution)) return;
        scores.Contributions.Add(contribution);
        if (scores.Contributions.Count <= ContributionLimit) return;
        scores.Contributions.Sort((a, b) => b.At.CompareTo(a.At));
        scores.Contributions.RemoveRange(ContributionLimit, scores.Contributions.Count - ContributionLimit);
    }

    private static ScoreChange Change(LeadScores scores, Guid leadId, string kind, string eventId, string key, DateTimeOffset at, ScoringModel model) => new()
    {
        LeadId = leadId,
        Kind = kind,
        EventId = eventId,
        Key = key,
        Engagement = Math.Round(Engagement(scores, model, at), 4),
        Fit = scores.Fit,
        Grade = scores.Grade,
        Stage = scores.Stage,
        At = at,
        ModelVersion = model.Version,
    };
}
