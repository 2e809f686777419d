namespace Nurture.Scoring.Model;

/// <summary>One thing wrong with a model document: where (a JSON path such as $.rules[2].points) and why.</summary>
public sealed record ModelError(string Path, string Reason);
