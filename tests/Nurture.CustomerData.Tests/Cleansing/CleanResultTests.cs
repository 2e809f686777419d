using Nurture.CustomerData.Cleansing;

namespace Nurture.CustomerData.Tests.Cleansing;

public sealed class CleanResultTests
{
    [Fact]
    public void Ok_CarriesTheValue()
    {
        var result = CleanResult<string>.Ok("a@b.jp");
        Assert.True(result.IsValid);
        Assert.Equal("a@b.jp", result.Value);
        Assert.Null(result.Error);
        Assert.Equal("a@b.jp", result.ToString());
    }

    [Fact]
    public void Fail_CarriesTheReason()
    {
        var result = CleanResult<DateOnly>.Fail("no such date");
        Assert.False(result.IsValid);
        Assert.Equal("no such date", result.Error);
        Assert.Equal(default, result.Value);
        Assert.Equal("error: no such date", result.ToString());
    }

    [Fact]
    public void Ok_And_Fail_RefuseMeaninglessArguments()
    {
        Assert.Throws<ArgumentNullException>(() => CleanResult<string>.Ok(null!));
        Assert.Throws<ArgumentException>(() => CleanResult<string>.Fail(" "));
    }
}
