using Nurture.Email.Suppressions;

namespace Nurture.Email.Tests.Suppressions;

/// <summary>The list keeps hashes of normalised addresses, so each spelling of one address is one entry.</summary>
public sealed class SuppressionListTests
{
    [Fact]
    public void Hash_SpellingsOfOneAddress_AreOneHash()
    {
        Assert.Equal(SuppressionList.Hash("ann@example.com"), SuppressionList.Hash("  Ann@Example.COM "));
        Assert.NotEqual(SuppressionList.Hash("ann@example.com"), SuppressionList.Hash("anne@example.com"));
        Assert.Equal(32, SuppressionList.Hash("ann@example.com").Length);
    }

    [Fact]
    public void Hash_NotAnAddress_IsStillHashed_TrimmedAndLowerCase() =>
        Assert.Equal(SuppressionList.Hash("not an address"), SuppressionList.Hash(" NOT AN ADDRESS "));
}
