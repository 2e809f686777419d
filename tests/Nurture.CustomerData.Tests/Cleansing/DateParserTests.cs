using Nurture.CustomerData.Cleansing;

namespace Nurture.CustomerData.Tests.Cleansing;

public sealed class DateParserTests
{
    [Theory]
    [InlineData("2026-10-05", "2026-10-05")]
    [InlineData("2026/10/5", "2026-10-05")]
    [InlineData("2026.10.05", "2026-10-05")]
    [InlineData("20261005", "2026-10-05")]
    [InlineData("２０２６／１０／０５", "2026-10-05")]
    [InlineData("2026年10月5日", "2026-10-05")]
    [InlineData("2026 年 10 月 5 日", "2026-10-05")]
    [InlineData("2026年10月5日(月)", "2026-10-05")]
    [InlineData("2026年10月5日（月曜日）", "2026-10-05")]
    [InlineData("令和8年10月5日", "2026-10-05")]
    [InlineData("㋿8年10月5日", "2026-10-05")]
    [InlineData("R8.10.5", "2026-10-05")]
    [InlineData("r8/10/05", "2026-10-05")]
    [InlineData("令和元年5月1日", "2019-05-01")]
    [InlineData("平成31年4月30日", "2019-04-30")]
    [InlineData("H31.4.30", "2019-04-30")]
    [InlineData("平成元年1月8日", "1989-01-08")]
    [InlineData("昭和64年1月7日", "1989-01-07")]
    [InlineData("昭和50年3月3日", "1975-03-03")]
    [InlineData("大正15年12月24日", "1926-12-24")]
    [InlineData("明治45年7月29日", "1912-07-29")]
    [InlineData("5 Oct 2026", "2026-10-05")]
    [InlineData("05-Oct-2026", "2026-10-05")]
    [InlineData("5 October 2026", "2026-10-05")]
    [InlineData("5th Sept 2026", "2026-09-05")]
    [InlineData("Oct 5, 2026", "2026-10-05")]
    [InlineData("October 5th, 2026", "2026-10-05")]
    [InlineData("Mon, 5 Oct 2026", "2026-10-05")]
    [InlineData("45935", "2025-10-05")]
    [InlineData("46300", "2026-10-05")]
    [InlineData("46300.75", "2026-10-05")]
    [InlineData("1", "1900-01-01")]
    [InlineData("59", "1900-02-28")]
    [InlineData("61", "1900-03-01")]
    [InlineData("2958465", "9999-12-31")]
    [InlineData("2026/10/05 0:00:00", "2026-10-05")]
    [InlineData("2026-10-05T10:00:00Z", "2026-10-05")]
    [InlineData("2026-10-05T10:00:00.123+09:00", "2026-10-05")]
    [InlineData("  2026-10-05  ", "2026-10-05")]
    public void Parse_ReadsUnambiguousDates(string raw, string expected)
    {
        foreach (var order in Enum.GetValues<DateOrder>())
        {
            var result = DateParser.Parse(raw, order);
            Assert.True(result.IsValid, $"{raw} ({order}): {result.Error}");
            Assert.Equal(DateOnly.Parse(expected), result.Value);
        }
    }

    [Theory]
    [InlineData("10/5/2026", DateOrder.MonthFirst, "2026-10-05")]
    [InlineData("5/10/2026", DateOrder.DayFirst, "2026-10-05")]
    [InlineData("10/5/2026 3:15 PM", DateOrder.MonthFirst, "2026-10-05")]
    [InlineData("05.10.2026", DateOrder.DayFirst, "2026-10-05")]
    [InlineData("10-05-26", DateOrder.MonthFirst, "2026-10-05")]
    [InlineData("5/10/99", DateOrder.DayFirst, "1999-10-05")]
    [InlineData("1/2/29", DateOrder.MonthFirst, "2029-01-02")]
    [InlineData("1/2/30", DateOrder.MonthFirst, "1930-01-02")]
    public void Parse_ReadsYearLastDatesInTheGivenOrder(string raw, DateOrder order, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), DateParser.Parse(raw, order).Value);

    [Fact]
    public void Parse_HonoursTheOrderEvenWhenTheOtherWouldFit()
    {
        // A day over 12 in the month position is refused, not silently swapped: a file read in the wrong
        // order would otherwise have some dates swapped and others not.
        Assert.Equal("no such date", DateParser.Parse("25/12/2026", DateOrder.MonthFirst).Error);
        Assert.Equal(new DateOnly(2026, 12, 25), DateParser.Parse("25/12/2026", DateOrder.DayFirst).Value);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("  ", "empty")]
    [InlineData("2026-02-30", "no such date")]
    [InlineData("2025-02-29", "no such date")]
    [InlineData("2026-13-01", "no such date")]
    [InlineData("2026-00-10", "no such date")]
    [InlineData("20261305", "no such date")]
    [InlineData("0000-01-01", "no such date")]
    [InlineData("31 Feb 2026", "no such date")]
    [InlineData("令和元年4月30日", "date is outside the 令和 era")]
    [InlineData("平成31年5月1日", "date is outside the 平成 era")]
    [InlineData("H32.1.1", "date is outside the 平成 era")]
    [InlineData("60", "Excel's day 60 is 29 February 1900, which did not exist")]
    [InlineData("0", "not a date")]
    [InlineData("2026", "a year alone is not a date")]
    [InlineData("99999999", "no such date")]
    [InlineData("tomorrow", "not a date")]
    [InlineData("5 Foo 2026", "not a date")]
    [InlineData("O 5, 2026", "not a date")]
    [InlineData("2026-10", "not a date")]
    [InlineData("-45935", "not a date")]
    [InlineData("٢٠٢٦-١٠-٠٥", "not a date")]
    public void Parse_RefusesWithAReason(string? raw, string reason) =>
        Assert.Equal(reason, DateParser.Parse(raw, DateOrder.DayFirst).Error);

    [Fact]
    public void Parse_RefusesLongInputWithoutWork()
    {
        Assert.Equal("not a date", DateParser.Parse(new string('1', 1_000_000), DateOrder.DayFirst).Error);
        Assert.Equal(new DateOnly(2026, 10, 5), DateParser.Parse("2026-10-05" + new string(' ', 100), DateOrder.DayFirst).Value);
    }

    [Fact]
    public void JapaneseEra_KnowsItsBoundaries()
    {
        var heisei = JapaneseEra.Find("平成")!;
        Assert.Same(heisei, JapaneseEra.Find("h"));
        Assert.Equal(new DateOnly(2019, 5, 1), heisei.End);
        Assert.Null(JapaneseEra.Find("R")!.End);
        Assert.True(heisei.Contains(new DateOnly(2019, 4, 30)));
        Assert.False(heisei.Contains(new DateOnly(2019, 5, 1)));
        Assert.False(heisei.Contains(new DateOnly(1989, 1, 7)));
        Assert.Null(JapaneseEra.Find("X"));
        Assert.Null(JapaneseEra.Find("平"));
    }
}
