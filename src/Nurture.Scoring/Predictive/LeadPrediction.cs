namespace Nurture.Scoring.Predictive;

/// <summary>A lead's likelihood to convert (a calibrated probability, 0 to 1) and the features that moved it most.</summary>
public sealed record LeadPrediction(double Likelihood, IReadOnlyList<FeatureContribution> TopFeatures);

/// <summary>
/// How much one feature moves this lead's likelihood, in probability points: the likelihood minus what it
/// would be with the feature at its typical value. <see cref="Value"/> is the lead's value, null when it has
/// none (an unknown job title can matter too).
/// </summary>
public sealed record FeatureContribution(string Feature, string? Value, double Contribution);
