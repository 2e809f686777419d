using System.Text.Json;

namespace Nurture.Scoring.Model;

/// <summary>
/// A parsed, validated and compiled scoring model: what the lead grain runs per event. Built only by
/// <see cref="ScoringModelParser"/>, so every instance is valid.
/// </summary>
public sealed class ScoringModel
{
    internal ScoringModel(
        IReadOnlyDictionary<string, TimeSpan> halfLives, IReadOnlyList<BehaviourRule> rules,
        IReadOnlyList<FitRule> fitRules, GradeThresholds grades, IReadOnlyDictionary<string, StageRule> stages, JsonElement document)
    {
        HalfLives = halfLives;
        Rules = rules;
        FitRules = fitRules;
        Grades = grades;
        Stages = stages;
        Document = document;
    }

    /// <summary>Version in the model history; 0 until stored.</summary>
    public int Version { get; init; }

    /// <summary>Interest categories and their half-lives.</summary>
    public IReadOnlyDictionary<string, TimeSpan> HalfLives { get; }
    public IReadOnlyList<BehaviourRule> Rules { get; }
    public IReadOnlyList<FitRule> FitRules { get; }
    public GradeThresholds Grades { get; }
    /// <summary>Thresholds of engaged, mql and hot.</summary>
    public IReadOnlyDictionary<string, StageRule> Stages { get; }
    /// <summary>The JSON the model was parsed from, as stored and served.</summary>
    public JsonElement Document { get; }

    public ScoringModel WithVersion(int version) =>
        new(HalfLives, Rules, FitRules, Grades, Stages, Document) { Version = version };
}

/// <summary>Grade thresholds on the fit score: A at or above <see cref="A"/>, and so on; below C is D.</summary>
public sealed record GradeThresholds(double A, double B, double C)
{
    public string GradeOf(double fit) => fit >= A ? "A" : fit >= B ? "B" : fit >= C ? "C" : "D";
}

/// <summary>
/// A stage is entered when engagement reaches <see cref="Enter"/> and fit reaches <see cref="MinFit"/>,
/// and left only when engagement falls below <see cref="Leave"/> (hysteresis: no flapping at the edge).
/// </summary>
public sealed record StageRule(double Enter, double Leave, double MinFit);
