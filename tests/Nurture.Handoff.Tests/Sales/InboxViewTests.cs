using Nurture.Handoff.Sales;

namespace Nurture.Handoff.Tests.Sales;

/// <summary>Which leads each inbox view holds, and its count.</summary>
public sealed class InboxViewTests
{
    [Fact]
    public void Counts_AddTheStatusesEachViewHolds()
    {
        var counts = InboxView.Counts(new Dictionary<string, int> { ["new"] = 3, ["accepted"] = 2, ["won"] = 1, ["rejected"] = 4 });

        Assert.Equal(5, counts["open"]);
        Assert.Equal(3, counts["new"]);
        Assert.Equal(2, counts["accepted"]);
        Assert.Equal(1, counts["won"]);
        Assert.Equal(0, counts["lost"]);
        Assert.Equal(10, counts["all"]);
    }

    [Theory]
    [InlineData("open", "rejected", false)]
    [InlineData("open", "won", false)]
    [InlineData("all", "rejected", true)]
    [InlineData("lost", "lost", true)]
    [InlineData("new", "accepted", false)]
    public void Holds_ByStatus(string view, string status, bool held) => Assert.Equal(held, InboxView.Holds(view, status));
}
