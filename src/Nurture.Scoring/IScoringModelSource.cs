using Nurture.Scoring.Model;

namespace Nurture.Scoring;

/// <summary>The active scoring model. Lead grains read it per event, so it must be a cheap property.</summary>
public interface IScoringModelSource
{
    ScoringModel Current { get; }
}

/// <summary>A fixed model: for tests, and for tools that score outside the server.</summary>
public sealed class StaticScoringModelSource(ScoringModel model) : IScoringModelSource
{
    public ScoringModel Current { get; } = model;
}
