using System.Diagnostics.CodeAnalysis;

namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// The outcome of cleaning one value: the clean value, or the reason it could not be cleaned, in words an
/// importer can show beside the row ("no @", "too short"). Cleaners never throw on bad data.
/// </summary>
public sealed record CleanResult<T>
{
    private CleanResult(T? value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The clean value; <c>default</c> when <see cref="Error"/> is set.</summary>
    public T? Value { get; }

    /// <summary>Why the value was refused, or null when it is valid.</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null;

    [SuppressMessage("Design", "CA1000", Justification = "CleanResult<T>.Ok/Fail read as what they make; a non-generic twin would only repeat them.")]
    public static CleanResult<T> Ok(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    [SuppressMessage("Design", "CA1000", Justification = "See Ok.")]
    public static CleanResult<T> Fail(string error) =>
        new(default, string.IsNullOrWhiteSpace(error) ? throw new ArgumentException("A failure needs a reason.", nameof(error)) : error);

    public override string ToString() => IsValid ? $"{Value}" : $"error: {Error}";
}
