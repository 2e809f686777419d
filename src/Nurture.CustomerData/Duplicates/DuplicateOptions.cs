namespace Nurture.CustomerData.Duplicates;

public sealed record DuplicateOptions
{
    public static DuplicateOptions Default { get; } = new();

    /// <summary>Pairs scoring below this (0..1) are not reported. At 0.7, a shared e-mail or phone with a matching
    /// name passes, and so do the same name at the same company; the same name alone does not.</summary>
    public double MinScore { get; init; } = 0.7;

    /// <summary>The country assumed for phone numbers written without a country code.</summary>
    public string DefaultCountry { get; init; } = "JP";

    /// <summary>
    /// Records sharing one blocking key are all compared with each other up to this many. A bigger block (a shared
    /// info@ address, a company's switchboard, a very common name) is only compared within a sliding window over
    /// its members sorted by name, so it costs n × <see cref="WindowSize"/> comparisons instead of n².
    /// </summary>
    public int MaxBlockSize { get; init; } = 50;

    public int WindowSize { get; init; } = 10;

    internal void Validate()
    {
        if (MinScore is < 0 or > 1 || double.IsNaN(MinScore)) throw new ArgumentOutOfRangeException(nameof(MinScore), "MinScore is between 0 and 1.");
        if (MaxBlockSize < 2) throw new ArgumentOutOfRangeException(nameof(MaxBlockSize), "A block holds at least two records.");
        if (WindowSize < 2) throw new ArgumentOutOfRangeException(nameof(WindowSize), "A window holds at least two records.");
    }
}
