namespace Nurture.CustomerData.Duplicates;

/// <summary>One record's fields as survivorship sees them: any named values, plus when and where it was recorded.</summary>
public sealed record FieldValues(string RecordId, DateTimeOffset UpdatedAt, string? Source, IReadOnlyDictionary<string, string?> Values)
{
    /// <summary>The fields of a <see cref="PersonRecord"/>: email, phone, name, kanaName, company.</summary>
    public static FieldValues From(PersonRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.UpdatedAt, record.Source, new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["email"] = record.Email,
            ["phone"] = record.Phone,
            ["name"] = record.Name,
            ["kanaName"] = record.KanaName,
            ["company"] = record.Company,
        });
    }
}
