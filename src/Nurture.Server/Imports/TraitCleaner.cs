using System.Globalization;
using Nurture.Abstractions.Leads;
using Nurture.CustomerData.Cleansing;

namespace Nurture.Server.Imports;

/// <summary>
/// Cleans one imported value for the trait it goes to: every value is trimmed, spaces collapsed and
/// NFKC-normalised; emails are validated, phone numbers become E.164, dates become ISO 8601.
/// </summary>
public static class TraitCleaner
{
    private static readonly string[] PhoneTraits = ["phone", "mobile", "fax", "tel"];

    /// <summary>The clean value (null when blank) or the reason it is refused.</summary>
    public static (string? Value, string? Error) Clean(string trait, string raw, ImportSettings settings)
    {
        if (trait == "email")
        {
            if (string.IsNullOrWhiteSpace(raw)) return (null, null);
            var email = EmailCleaner.Clean(raw);
            if (!email.IsValid) return (null, $"not a valid email: {email.Error}");
            // Keyed as every lead's email is (whole address lower-cased), so rows match the people they name.
            return EmailAddress.Normalise(email.Value) is { } key ? (key, null) : (null, "not a valid email");
        }
        if (PhoneTraits.Contains(trait) || trait.EndsWith("_phone", StringComparison.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(raw)) return (null, null);
            var phone = PhoneNormaliser.ToE164(raw, settings.DefaultCountry);
            return phone.IsValid ? (phone.Value, null) : (null, $"not a phone number: {phone.Error}");
        }
        if (trait is "birthday" || trait.EndsWith("_date", StringComparison.Ordinal) || trait.EndsWith("_on", StringComparison.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(raw)) return (null, null);
            var date = DateParser.Parse(raw, settings.DateOrder);
            return date.IsValid ? (date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null) : (null, $"not a date: {date.Error}");
        }
        return (TextCleaner.Clean(raw), null);
    }
}
