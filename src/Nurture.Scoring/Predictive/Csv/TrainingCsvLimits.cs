namespace Nurture.Scoring.Predictive.Csv;

/// <summary>What an uploaded training CSV may be: enough for a real CRM export, small enough for one request.</summary>
public sealed record TrainingCsvLimits
{
    public static readonly TrainingCsvLimits Default = new();

    public long MaxBytes { get; init; } = 10 * 1024 * 1024;
    public int MaxRows { get; init; } = 200_000;
    public int MaxColumns { get; init; } = 500;
}
