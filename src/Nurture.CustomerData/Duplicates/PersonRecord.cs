namespace Nurture.CustomerData.Duplicates;

/// <summary>One person as a source knows them, the input to duplicate detection. Values may be raw or clean:
/// the detector normalises them itself.</summary>
/// <param name="Phone">Ideally E.164; other formats are normalised with <see cref="DuplicateOptions.DefaultCountry"/>.</param>
/// <param name="KanaName">The reading of a Japanese name (フリガナ), katakana or hiragana.</param>
/// <param name="Source">Where the record came from ("business cards", "trade show"), for survivorship.</param>
public sealed record PersonRecord(
    string Id,
    string? Email,
    string? Phone,
    string? Name,
    string? KanaName,
    string? Company,
    DateTimeOffset UpdatedAt,
    string? Source = null);
