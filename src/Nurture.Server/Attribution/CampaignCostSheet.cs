using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Nurture.EventStore;
using Nurture.Spreadsheets;

namespace Nurture.Server.Attribution;

/// <summary>A problem with an uploaded cost file: at a row (as Excel numbers it) and column, or at the file (row null).</summary>
public sealed record CostSheetError(int? Row, string? Column, string Reason);

/// <summary>
/// Reads a campaign cost file (CSV or XLSX, through <see cref="SpreadsheetReader"/>): a header row naming the columns
/// campaign, period and cost, and optionally currency (English or Japanese names, any order, other columns ignored).
/// <list type="bullet">
/// <item>campaign: as written in utm_campaign (matched exactly; spaces at the ends dropped), up to 200 characters;</item>
/// <item>period: a calendar month: 2026-11, 2026/11, 2026年11月, or the first day of it (2026-11-01, or the date Excel
/// stores when a cell was typed as 2026-11);</item>
/// <item>cost: a number of at most two decimals, not negative, up to a trillion; thousands separators, ¥ and 円 allowed;</item>
/// <item>currency: three letters (JPY when the column or the cell is empty).</item>
/// </list>
/// Every problem is reported by row and column; a file with any problem is taken whole or not at all (the API stores
/// nothing then). The same campaign, month and currency twice in one file is a problem, not a silent sum.
/// </summary>
public static partial class CampaignCostSheet
{
    public const int MaxRows = 10_000;
    public const int MaxCampaignLength = 200;
    public const decimal MaxCost = 1_000_000_000_000m;
    public const string DefaultCurrency = "JPY";

    /// <summary>Errors listed at most; past this the file has a more general problem.</summary>
    public const int MaxErrors = 200;

    private static readonly string[] Required = ["campaign", "period", "cost"];

    public static readonly SpreadsheetReadOptions Limits = new() { MaxRows = MaxRows, MaxFileBytes = 5L * 1024 * 1024, MaxColumns = 50, MaxCellLength = 1000 };

    private static readonly Dictionary<string, string> HeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["campaign"] = "campaign", ["utm_campaign"] = "campaign", ["キャンペーン"] = "campaign",
        ["period"] = "period", ["month"] = "period", ["期間"] = "period", ["月"] = "period", ["年月"] = "period",
        ["cost"] = "cost", ["amount"] = "cost", ["費用"] = "cost", ["コスト"] = "cost", ["金額"] = "cost",
        ["currency"] = "currency", ["通貨"] = "currency",
    };

    public static (List<CampaignMonthCost> Costs, List<CostSheetError> Errors) Read(Stream file)
    {
        List<CampaignMonthCost> costs = [];
        List<CostSheetError> errors = [];
        using var table = SpreadsheetReader.Read(file, Limits);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < table.Headers.Count; i++)
        {
            if (HeaderNames.TryGetValue(table.Headers[i].Normalize(NormalizationForm.FormKC).Trim(), out var name) && !columns.ContainsKey(name)) columns[name] = i;
        }
        if (table.Errors.Count == 0)
        {
            foreach (var required in Required.Where(c => !columns.ContainsKey(c)))
                errors.Add(new(null, null, $"has no column named {required}: the header row needs campaign, period and cost (currency is optional)"));
        }
        if (errors.Count > 0 || table.Errors.Count > 0) return (costs, [.. errors, .. FileErrors(table)]);

        var seen = new Dictionary<(string, DateOnly, string), int>();
        foreach (var row in table.Rows)
        {
            if (errors.Count >= MaxErrors) break;
            foreach (var e in row.Errors) errors.Add(new(row.RowNumber, e.Column is { } c && c >= 1 && c <= table.Headers.Count ? table.Headers[c - 1] : null, e.Message));
            if (row.Errors.Count > 0) continue;
            var campaign = Campaign(row[columns["campaign"]], out var campaignError);
            var month = Month(row[columns["period"]], out var periodError);
            var amount = Cost(row[columns["cost"]], out var costError);
            var currency = Currency(columns.TryGetValue("currency", out var cur) ? row[cur] : "", out var currencyError);
            if (campaignError is not null) errors.Add(new(row.RowNumber, "campaign", campaignError));
            if (periodError is not null) errors.Add(new(row.RowNumber, "period", periodError));
            if (costError is not null) errors.Add(new(row.RowNumber, "cost", costError));
            if (currencyError is not null) errors.Add(new(row.RowNumber, "currency", currencyError));
            if (campaign is null || month is null || amount is null || currency is null) continue;
            if (seen.TryGetValue((campaign, month.Value, currency), out var earlier))
            {
                errors.Add(new(row.RowNumber, "campaign", $"repeats row {earlier} (the same campaign, period and currency); keep one row with the month's total"));
                continue;
            }
            seen[(campaign, month.Value, currency)] = row.RowNumber;
            costs.Add(new CampaignMonthCost(campaign, month.Value, amount.Value, currency));
        }
        errors.AddRange(FileErrors(table));
        if (errors.Count == 0 && costs.Count == 0) errors.Add(new(null, null, "has no data rows under the header"));
        return (costs, errors);
    }

    private static IEnumerable<CostSheetError> FileErrors(SpreadsheetTable table) =>
        table.Errors.Select(e => new CostSheetError(e.RowNumber, null, e.Message));

    private static string? Campaign(string cell, out string? error)
    {
        var campaign = cell.Trim();
        error = campaign.Length switch
        {
            0 => "is empty: name the campaign as its links' utm_campaign does",
            > MaxCampaignLength => $"is longer than {MaxCampaignLength} characters",
            _ when campaign.Any(char.IsControl) => "contains control characters (line breaks, tabs, NUL)",
            _ => null,
        };
        return error is null ? campaign : null;
    }

    /// <summary>The first day of the month the cell names.</summary>
    public static DateOnly? Month(string cell, out string? error)
    {
        var text = cell.Normalize(NormalizationForm.FormKC).Trim();
        error = null;
        var match = MonthPattern().Match(text);
        if (match.Success)
        {
            var (year, month) = (int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture));
            var day = match.Groups["d"].Success ? int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture) : 1;
            if (year is >= 2000 and <= 2100 && month is >= 1 and <= 12 && day == 1) return new DateOnly(year, month, 1);
            error = day != 1 ? "must be a month (2026-11) or its first day (2026-11-01)" : "must be a month between 2000-01 and 2100-12";
            return null;
        }
        // A cell typed as 2026-11 in Excel is stored as that month's first day, a serial number of days.
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial is > 36_000 and < 73_000)
        {
            var date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
            if (date.Day == 1) return date;
        }
        error = text.Length == 0 ? "is empty: give the month, for example 2026-11" : "must be a month, for example 2026-11 (or 2026/11, 2026年11月)";
        return null;
    }

    public static decimal? Cost(string cell, out string? error)
    {
        var text = cell.Normalize(NormalizationForm.FormKC).Trim();
        error = null;
        if (text.Length == 0)
        {
            error = "is empty: give the month's cost (0 when nothing was spent)";
            return null;
        }
        var negative = text.StartsWith('-') || text.StartsWith('−') || (text.StartsWith('(') && text.EndsWith(')'));
        text = text.Trim('(', ')').TrimStart('-', '−', '¥', '\\', '$', '€', '£').TrimEnd('円').Trim();
        if (ThousandsPattern().IsMatch(text)) text = text.Replace(",", "", StringComparison.Ordinal);
        if (text.Length > 40 || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var amount))
        {
            error = "must be a number, for example 120000 or 120,000";
            return null;
        }
        if (negative && amount != 0) error = "must not be negative";
        else if (amount > MaxCost) error = "must be at most 1,000,000,000,000";
        else if (amount != Math.Round(amount, 2)) error = "has more than two decimals";
        return error is null ? amount : null;
    }

    private static string? Currency(string cell, out string? error)
    {
        var text = cell.Normalize(NormalizationForm.FormKC).Trim().ToUpperInvariant();
        error = null;
        if (text.Length == 0) return DefaultCurrency;
        if (text is "円" or "¥") return DefaultCurrency;
        if (CurrencyPattern().IsMatch(text)) return text;
        error = "must be a three-letter currency code such as JPY or USD";
        return null;
    }

    [GeneratedRegex(@"^(?<y>\d{4})\s*[-/.年]\s*(?<m>\d{1,2})\s*月?(\s*[-/.]\s*(?<d>\d{1,2})\s*日?)?$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^\d{1,3}(,\d{3})+(\.\d+)?$")]
    private static partial Regex ThousandsPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
