using System.Globalization;
using System.Text.RegularExpressions;

namespace Nurture.CustomerData.Cleansing;

/// <summary>
/// Reads the dates found in customer ledgers: ISO and its slash, dot and compact cousins, 2026年10月5日,
/// Japanese eras (令和8年10月5日, R8.10.5), day-or-month-first numbers by <see cref="DateOrder"/>, English month
/// names, and Excel serial numbers (what a date cell becomes when a sheet is saved without its formats).
/// A time of day or a weekday written beside the date is ignored.
/// </summary>
public static partial class DateParser
{
    private const int MaxInputLength = 64;

    // Excel's 1900 date system counts 1900-01-01 as 1 and, copying Lotus 1-2-3, has a 29 February 1900.
    // From serial 61 on, a serial is days since 1899-12-30; below 60, days since 1899-12-31.
    private const int ExcelFakeLeapDay = 60;
    private const int ExcelMaxSerial = 2_958_465; // 9999-12-31
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    private static readonly string[] MonthNames =
        CultureInfo.InvariantCulture.DateTimeFormat.MonthNames.Take(12).Select(n => n.ToLowerInvariant()).ToArray();

    public static CleanResult<DateOnly> Parse(string? raw, DateOrder order)
    {
        if (raw is not null && raw.AsSpan().Trim().Length > MaxInputLength) return Fail("not a date");
        var text = TextCleaner.Clean(raw);
        if (text is null) return Fail("empty");
        text = Time().Replace(Weekday().Replace(text, ""), "").Trim();

        if (Match(YearMonthDay(), text) is { } ymd) return Date(Int(ymd[1]), Int(ymd[2]), Int(ymd[3]));
        if (Match(Compact(), text) is { } compact) return Date(Int(compact[1]), Int(compact[2]), Int(compact[3]));
        if (Match(Kanji(), text) is { } kanji) return Date(Int(kanji[1]), Int(kanji[2]), Int(kanji[3]));
        if (Match(EraKanji(), text) is { } eraKanji) return EraDate(eraKanji);
        if (Match(EraLetter(), text) is { } eraLetter) return EraDate(eraLetter);
        if (Match(YearLast(), text) is { } yearLast)
        {
            var (first, second) = (Int(yearLast[1]), Int(yearLast[2]));
            var year = FourDigitYear(yearLast[3]);
            return order == DateOrder.MonthFirst ? Date(year, first, second) : Date(year, second, first);
        }
        if (Match(DayMonthName(), text) is { } dmy) return NamedMonthDate(FourDigitYear(dmy[3]), dmy[2], Int(dmy[1]));
        if (Match(MonthNameDay(), text) is { } mdy) return NamedMonthDate(Int(mdy[3]), mdy[1], Int(mdy[2]));
        if (Match(Serial(), text) is { } serial) return ExcelSerial(serial[1]);
        return Fail("not a date");
    }

    private static CleanResult<DateOnly> EraDate(GroupCollection groups)
    {
        var era = JapaneseEra.Find(groups[1].Value)!;
        var eraYear = groups[2].Value == "元" ? 1 : Int(groups[2]);
        var date = Date(era.Start.Year + eraYear - 1, Int(groups[3]), Int(groups[4]));
        if (!date.IsValid || era.Contains(date.Value)) return date;
        return Fail($"date is outside the {era.Name} era");
    }

    private static CleanResult<DateOnly> NamedMonthDate(int year, Group monthName, int day)
    {
        var name = monthName.Value.ToLowerInvariant();
        var month = name == "sept" ? 9 : Array.FindIndex(MonthNames, n => name.Length >= 3 && n.StartsWith(name, StringComparison.Ordinal)) + 1;
        return month == 0 ? Fail("not a date") : Date(year, month, day);
    }

    private static CleanResult<DateOnly> ExcelSerial(Group digits)
    {
        var serial = Int(digits);
        // A bare year in a date column is a year, not Excel's day 2026 (1905-07-18).
        if (digits.Length == 4 && serial is >= 1900 and <= 2100) return Fail("a year alone is not a date");
        if (serial is < 1 or > ExcelMaxSerial) return Fail("not a date");
        if (serial == ExcelFakeLeapDay) return Fail("Excel's day 60 is 29 February 1900, which did not exist");
        return CleanResult<DateOnly>.Ok(serial < ExcelFakeLeapDay ? ExcelEpoch.AddDays(serial + 1) : ExcelEpoch.AddDays(serial));
    }

    private static CleanResult<DateOnly> Date(int year, int month, int day)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return Fail("no such date");
        return CleanResult<DateOnly>.Ok(new DateOnly(year, month, day));
    }

    // Two-digit years pivot where Excel's do: 00–29 are 2000s, 30–99 are 1900s.
    private static int FourDigitYear(Group year) => year.Length == 2 ? (Int(year) < 30 ? 2000 : 1900) + Int(year) : Int(year);

    private static GroupCollection? Match(Regex regex, string text) => regex.Match(text) is { Success: true } m ? m.Groups : null;

    private static int Int(Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static CleanResult<DateOnly> Fail(string reason) => CleanResult<DateOnly>.Fail(reason);

    // [0-9] rather than \d, which also matches Arabic-Indic and other digits that int.Parse refuses.
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$", Options)]
    private static partial Regex YearMonthDay();

    [GeneratedRegex(@"^([0-9]{4})([0-9]{2})([0-9]{2})$", Options)]
    private static partial Regex Compact();

    [GeneratedRegex(@"^([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日?$", Options)]
    private static partial Regex Kanji();

    [GeneratedRegex(@"^(明治|大正|昭和|平成|令和)\s*([0-9]{1,2}|元)\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日?$", Options)]
    private static partial Regex EraKanji();

    [GeneratedRegex(@"^([MTSHR])\s*([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$", Options)]
    private static partial Regex EraLetter();

    [GeneratedRegex(@"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4}|[0-9]{2})$", Options)]
    private static partial Regex YearLast();

    [GeneratedRegex(@"^([0-9]{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+([0-9]{4}|[0-9]{2})$", Options)]
    private static partial Regex DayMonthName();

    [GeneratedRegex(@"^([a-z]+)\.?\s*([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})$", Options)]
    private static partial Regex MonthNameDay();

    [GeneratedRegex(@"^([0-9]{1,7})(?:\.[0-9]+)?$", Options)]
    private static partial Regex Serial();

    // "2026年10月5日(月)", "Mon, 5 Oct 2026".
    [GeneratedRegex(@"\s*\((?:月|火|水|木|金|土|日)(?:曜日?)?\)|^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", Options)]
    private static partial Regex Weekday();

    // "2026/10/05 0:00:00", "2026-10-05T10:00:00Z", "10/5/2026 3:15 PM".
    [GeneratedRegex(@"(?:[T\s][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:Z|[+-][0-9]{2}:?[0-9]{2})?)$", Options)]
    private static partial Regex Time();
}
