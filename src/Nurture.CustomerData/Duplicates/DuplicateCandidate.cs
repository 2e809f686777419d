namespace Nurture.CustomerData.Duplicates;

/// <summary>Two records that are probably one person, for a person to confirm or a merge to act on.</summary>
/// <param name="Score">0..1: how sure the detector is.</param>
/// <param name="Reasons">What the two share, in words ("same email", "similar name (edit distance 1) at same company").</param>
public sealed record DuplicateCandidate(string FirstId, string SecondId, double Score, IReadOnlyList<string> Reasons);
