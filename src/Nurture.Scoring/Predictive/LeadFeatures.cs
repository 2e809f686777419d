using Nurture.Abstractions.Leads;
using Nurture.Scoring.Model;

namespace Nurture.Scoring.Predictive;

/// <summary>
/// The one feature extractor: what a lead looks like to a predictive model. Training rows built from
/// leads and live scoring both call <see cref="Extract"/>, so a model never sees features computed two ways.
/// A feature the lead does not have (no first touch, a trait never given) is left out: it is missing.
/// </summary>
public static class LeadFeatures
{
    public static IReadOnlyDictionary<string, FeatureValue> Extract(LeadState lead, ScoringModel model, DateTimeOffset now)
    {
        var features = new Dictionary<string, FeatureValue>(StringComparer.Ordinal);
        var counters = lead.Counters;
        features[FeatureNames.Sessions] = FeatureValue.Of(counters.Sessions);
        features[FeatureNames.PageViews] = FeatureValue.Of(counters.PageViews);
        features[FeatureNames.Events] = FeatureValue.Of(counters.Events);
        if (counters.FirstSeen is { } first) features[FeatureNames.DaysSinceFirstSeen] = FeatureValue.Of(DaysBetween(first, now));
        if (counters.LastSeen is { } last) features[FeatureNames.DaysSinceLastSeen] = FeatureValue.Of(DaysBetween(last, now));

        // The score API's own numbers (decayed to now), so "interest_pricing" is what a marketer sees.
        var report = LeadScorer.Report(lead.Scores, model, now, top: 0);
        // Every category of the model: no pricing interest is a 0, not an unknown.
        foreach (var category in model.HalfLives.Keys) features[FeatureNames.Interest(category)] = FeatureValue.Of(0);
        foreach (var (category, value) in report.Interest) features[FeatureNames.Interest(category)] = FeatureValue.Of(value);
        features[FeatureNames.Fit] = FeatureValue.Of(lead.Scores.Fit);
        Add(features, FeatureNames.Grade, lead.Scores.Grade);

        Add(features, FeatureNames.FirstChannel, lead.FirstTouch?.Source.Channel);
        Add(features, FeatureNames.FirstUtmSource, lead.FirstTouch?.Source.UtmSource);
        Add(features, FeatureNames.FirstUtmMedium, lead.FirstTouch?.Source.UtmMedium);
        Add(features, FeatureNames.LastChannel, lead.LastTouch?.Source.Channel);

        // Trait names differing only in case become one feature: the newest value wins, as in a merge.
        // Sales' verdict (won, lost, …) is the label: a model that saw it would learn the answer, not the lead.
        foreach (var (name, trait) in lead.Traits.Where(t => !SalesTraits.IsVerdict(t.Key)).OrderBy(t => t.Value.UpdatedAt))
            Add(features, FeatureNames.Trait(name), trait.Value);
        return features;
    }

    private static void Add(Dictionary<string, FeatureValue> features, string name, string? text)
    {
        if (FeatureValue.Of(text) is { } value) features[name] = value;
    }

    private static double DaysBetween(DateTimeOffset then, DateTimeOffset now) => Math.Max(0, Math.Round((now - then).TotalDays, 3));
}
