namespace Nurture.Scoring.Predictive;

/// <summary>One reason training data was refused: which input (<c>file</c> or <c>label</c>) and why, with row and column where it helps.</summary>
public sealed record TrainingDataError(string Field, string Reason);

/// <summary>The training data cannot be used as given. The API answers these as 400 field errors.</summary>
public sealed class TrainingDataException(IReadOnlyList<TrainingDataError> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")))
{
    public TrainingDataException(string field, string reason) : this([new TrainingDataError(field, reason)])
    {
    }

    public IReadOnlyList<TrainingDataError> Errors { get; } = errors;
}
