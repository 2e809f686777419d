using System.Globalization;
using System.Text.Json;
using Nurture.Http;

namespace Nurture.Handoff.Sales;

/// <summary>
/// What a won lead was worth and when the deal closed, as the rep gives them with "won": a positive amount
/// (a JSON number or its text, thousands separators allowed, at most two decimals, at most
/// <see cref="MaxValue"/>) and a real calendar date (yyyy-MM-dd) from 2000 on and at most
/// <see cref="MaxDaysAhead"/> days after today. Both are required for won and refused for any other outcome.
/// </summary>
public sealed record WonDeal(decimal Value, DateOnly ClosedOn)
{
    /// <summary>One hundred billion: far above any deal of the companies Nurture is for, far below what overflows.</summary>
    public const decimal MaxValue = 100_000_000_000m;
    public const int MaxDaysAhead = 31;
    private static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>The value as the sales_won event carries it: invariant, no thousands separators, no trailing zeros.</summary>
    public string ValueText => Value.ToString("0.##", CultureInfo.InvariantCulture);

    public string ClosedOnText => ClosedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Reads dealValue and closedOn for <paramref name="outcome"/>; errors go to the body's.</summary>
    public static WonDeal? Parse(JsonBody body, string outcome, DateOnly today)
    {
        var valueField = body.Value("dealValue");
        var dateField = body.Value("closedOn");
        if (outcome != "won")
        {
            if (valueField is not null) body.Error("dealValue", "is only taken when the outcome is won");
            if (dateField is not null) body.Error("closedOn", "is only taken when the outcome is won");
            return null;
        }
        var value = valueField is { } v ? Amount(body, v) : Missing(body, "dealValue", "is required when the deal is won: what it is worth, for example 1200000");
        var closedOn = dateField is { } d ? Date(body, d, today) : MissingDate(body);
        return value is { } amount && closedOn is { } date ? new WonDeal(amount, date) : null;
    }

    private static decimal? Missing(JsonBody body, string name, string reason)
    {
        body.Error(name, reason);
        return null;
    }

    private static DateOnly? MissingDate(JsonBody body)
    {
        body.Error("closedOn", "is required when the deal is won: the date it closed, as yyyy-MM-dd");
        return null;
    }

    private static decimal? Amount(JsonBody body, JsonElement field)
    {
        decimal amount;
        if (field.ValueKind == JsonValueKind.Number)
        {
            if (!field.TryGetDecimal(out amount)) return Missing(body, "dealValue", "must be more than 0 and at most " + MaxValue.ToString("#,0", CultureInfo.InvariantCulture));
        }
        else if (JsonBody.Text(field) is { } text)
        {
            var plain = text.Trim().Replace(",", "", StringComparison.Ordinal);
            if (plain.Length is 0 or > 40 || !plain.All(c => char.IsAsciiDigit(c) || c == '.')
                || !decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount))
                return Missing(body, "dealValue", "must be an amount in digits, for example 1200000 or 1,200,000");
        }
        else
        {
            return Missing(body, "dealValue", "must be a number");
        }
        if (amount <= 0) return Missing(body, "dealValue", "must be more than 0");
        if (amount > MaxValue) return Missing(body, "dealValue", $"must be at most {MaxValue.ToString("#,0", CultureInfo.InvariantCulture)}");
        if (decimal.Round(amount, 2) != amount) return Missing(body, "dealValue", "must have at most two decimal places");
        return amount;
    }

    private static DateOnly? Date(JsonBody body, JsonElement field, DateOnly today)
    {
        if (JsonBody.Text(field) is not { } text
            || !DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            body.Error("closedOn", "must be a real date as yyyy-MM-dd, for example 2026-12-07");
            return null;
        }
        if (date < Earliest)
        {
            body.Error("closedOn", "must be in 2000 or later");
            return null;
        }
        if (date > today.AddDays(MaxDaysAhead))
        {
            body.Error("closedOn", $"must be at most {MaxDaysAhead} days from today: a won deal has closed, or is about to");
            return null;
        }
        return date;
    }
}
