using Nurture.CustomerData.Files;

namespace Nurture.CustomerData.Tests.Files;

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
    [InlineData(" =1+1", " =1+1")]
    [InlineData("a=b", "a=b")]
    [InlineData("'quoted", "'quoted")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Neutralise_PrefixesCellsThatSpreadsheetsWouldEvaluate(string? cell, string expected) =>
        Assert.Equal(expected, FormulaInjection.Neutralise(cell));
}
