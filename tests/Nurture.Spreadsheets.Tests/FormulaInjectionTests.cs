using Nurture.Spreadsheets;

namespace Nurture.Spreadsheets.Tests;

public sealed class FormulaInjectionTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "'\r=1+1")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("＠SUM(1)", "'＠SUM(1)")]
    [InlineData("+81 3-1234-5678", "'+81 3-1234-5678")]
    [InlineData("Tanaka", "Tanaka")]
    [InlineData(" =1+1", "' =1+1")]
    [InlineData("\n=1+1", "'\n=1+1")]
    [InlineData("\u00A0=1+1", "'\u00A0=1+1")]        // no-break space
    [InlineData("\u3000=1+1", "'\u3000=1+1")]        // ideographic space
    [InlineData("\u200B=1+1", "'\u200B=1+1")]        // zero-width space
    [InlineData("\uFEFF=1+1", "'\uFEFF=1+1")]        // byte-order mark
    [InlineData("\u2029=1+1", "'\u2029=1+1")]        // paragraph separator
    [InlineData("\u0000=1+1", "'\u0000=1+1")]        // NUL
    [InlineData("\u0000abc", "'\u0000abc")]
    [InlineData(" \u200B\u3000\t=cmd", "' \u200B\u3000\t=cmd")]
    [InlineData("﹦1+1", "'﹦1+1")]
    [InlineData("﹢1", "'﹢1")]
    [InlineData("﹣1", "'﹣1")]
    [InlineData("﹫SUM(1)", "'﹫SUM(1)")]
    [InlineData("＋1", "'＋1")]
    [InlineData("－1", "'－1")]
    [InlineData("  Tanaka", "  Tanaka")]
    [InlineData("田中 =1", "田中 =1")]
    [InlineData("a=b", "a=b")]
    [InlineData("'quoted", "'quoted")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Neutralise_PrefixesCellsThatSpreadsheetsWouldEvaluate(string? cell, string expected) =>
        Assert.Equal(expected, FormulaInjection.Neutralise(cell));
}
