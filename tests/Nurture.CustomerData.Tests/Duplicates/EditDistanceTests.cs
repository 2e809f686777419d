using Nurture.CustomerData.Duplicates;

namespace Nurture.CustomerData.Tests.Duplicates;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("tanaka", "tanaka", 0)]
    [InlineData("tanaka", "tanaki", 1)]
    [InlineData("tanaka", "tanak", 1)]
    [InlineData("tanaka", "ttanaka", 1)]
    [InlineData("tanaka", "tnaaka", 1)]
    [InlineData("ca", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("田中太郎", "田中大郎", 1)]
    [InlineData("田中太郎", "太郎田中", 4)]
    [InlineData("👍", "👎", 1)]
    public void DamerauLevenshtein_CountsTypingMistakes(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.DamerauLevenshtein(a, b));
        Assert.Equal(expected, EditDistance.DamerauLevenshtein(b, a));
    }

    [Theory]
    [InlineData("tanakataro", "tanakataro", 2, 0)]
    [InlineData("tanakataro", "tanakatora", 2, 2)]
    [InlineData("tanakataro", "suzukiichiro", 2, 3)]
    [InlineData("tanakataro", "tanakataro123456", 2, 3)]
    [InlineData("abc", "", 5, 3)]
    [InlineData("abc", "xyz", 0, 1)]
    public void DamerauLevenshtein_StopsPastTheBound(string a, string b, int max, int expected)
    {
        Assert.Equal(expected, EditDistance.DamerauLevenshtein(a, b, max));
        Assert.Equal(expected, EditDistance.DamerauLevenshtein(b, a, max));
    }

    [Fact]
    public void DamerauLevenshtein_HandlesLongStrings()
    {
        var a = new string('a', 5_000);
        Assert.Equal(1, EditDistance.DamerauLevenshtein(a, a + "b"));
        Assert.Equal(4, EditDistance.DamerauLevenshtein(a, new string('b', 5_000), 3));
    }

    [Fact]
    public void DamerauLevenshtein_RefusesNull()
    {
        Assert.Throws<ArgumentNullException>(() => EditDistance.DamerauLevenshtein(null!, "a"));
        Assert.Throws<ArgumentNullException>(() => EditDistance.DamerauLevenshtein("a", null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => EditDistance.DamerauLevenshtein("a", "b", -1));
    }
}
