using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nurture.CustomerData.Cleansing;
using Nurture.Server.Leads;
using Nurture.Http;

namespace Nurture.Server.Imports;

/// <summary>What an import does with a row whose email is, or is not, known already.</summary>
public enum ImportMode { Create, Update, Upsert }

/// <summary>
/// How to read one uploaded spreadsheet: which column holds which trait, where the people came from
/// (the batch's acquisition source), the mode, the country for phone numbers without one, and the
/// date order for dates such as 5/10/2026.
/// </summary>
public sealed record ImportSettings(
    string FileName, string Source, ImportMode Mode, string DefaultCountry, DateOrder DateOrder,
    IReadOnlyDictionary<string, string> Mapping)
{
    public const int MaxSource = 200;

    /// <summary>The import's identity: the same file with the same settings is the same import.</summary>
    public byte[] Key(ReadOnlySpan<byte> file)
    {
        var settings = JsonSerializer.Serialize(new
        {
            Source, Mode = Mode.ToString(), DefaultCountry, DateOrder = DateOrder.ToString(),
            Mapping = Mapping.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(),
        });
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(file);
        hash.AppendData(Encoding.UTF8.GetBytes(settings));
        return hash.GetHashAndReset();
    }

    public string MappingJson => JsonSerializer.Serialize(Mapping);

    /// <summary>Reads the form fields of POST /api/imports; every problem becomes a field error.</summary>
    public static ImportSettings? Parse(IFormCollection form, string fileName, List<FieldError> errors)
    {
        var source = form["source"].ToString().Trim();
        if (source.Length is 0 or > MaxSource) errors.Add(new("source", $"is required: where these people came from, such as \"trade show 2026-10\" (1-{MaxSource} characters)"));
        else if (source.Any(char.IsControl)) errors.Add(new("source", "contains control characters"));
        var modeText = form["mode"].ToString();
        ImportMode mode = ImportMode.Upsert;
        if (modeText.Length > 0 && !Enum.TryParse(modeText, ignoreCase: true, out mode) || int.TryParse(modeText, out _))
            errors.Add(new("mode", "must be create, update or upsert"));
        var country = form["defaultCountry"].ToString() is { Length: > 0 } c ? c.ToUpperInvariant() : "JP";
        if (!PhoneNormaliser.IsKnownCountry(country)) errors.Add(new("defaultCountry", "must be an ISO 3166 country code such as JP, US or GB"));
        var orderText = form["dateOrder"].ToString();
        var order = orderText switch
        {
            "" or "dayFirst" => DateOrder.DayFirst,
            "monthFirst" => DateOrder.MonthFirst,
            _ => (DateOrder?)null,
        };
        if (order is null) errors.Add(new("dateOrder", "must be dayFirst or monthFirst"));
        var mapping = ParseMapping(form["mapping"].ToString(), errors);
        return errors.Count > 0 ? null : new ImportSettings(fileName, source, mode, country, order!.Value, mapping!);
    }

    private static Dictionary<string, string>? ParseMapping(string json, List<FieldError> errors)
    {
        if (json.Length == 0)
        {
            errors.Add(new("mapping", "is required: a JSON object of column header to trait, such as {\"E-mail\": \"email\", \"会社名\": \"company\"}"));
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new("mapping", "must be a JSON object of column header to trait"));
                return null;
            }
            var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var column in document.RootElement.EnumerateObject())
            {
                if (column.Value.ValueKind == JsonValueKind.Null) continue;
                var trait = column.Value.ValueKind == JsonValueKind.String ? column.Value.GetString()! : "";
                // A form field is named by its name: the column goes in the reason.
                if (TraitRules.Check(trait, "") is { } reason) errors.Add(new("mapping", $"column \"{Short(column.Name)}\": {reason}"));
                else if (mapping.ContainsValue(trait)) errors.Add(new("mapping", $"column \"{Short(column.Name)}\" maps to {trait}, which another column maps to already"));
                else mapping[column.Name.Trim()] = trait;
            }
            if (!mapping.ContainsValue("email")) errors.Add(new("mapping", "must map one column to email: imported people are matched by it"));
            return mapping;
        }
        catch (JsonException)
        {
            errors.Add(new("mapping", "is not valid JSON"));
            return null;
        }
    }

    private static string Short(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
