using Nurture.Abstractions.Leads;

namespace Nurture.Leads.Tests;

public sealed class LeadMergerTests
{
    [Fact]
    public void Merge_AddsCountersKeepsEarliestFirstAndLatestLastTouch_AndIsIdempotent()
    {
        var survivor = Lead("a", Events.T0.AddDays(1), "email", 3);
        var other = Lead("b", Events.T0, "paid_search", 2);
        LeadRecorder.Apply(other, other.Id, Events.PageView("b", Events.T0.AddDays(2), "social"));

        Assert.True(LeadMerger.Merge(survivor, other));
        Assert.False(LeadMerger.Merge(survivor, other));

        Assert.Equal(6, survivor.Counters.PageViews);
        Assert.Equal("paid_search", survivor.FirstTouch!.Source.Channel);
        Assert.Equal("social", survivor.LastTouch!.Source.Channel);
        Assert.Equal(Events.T0, survivor.Counters.FirstSeen);
        Assert.Equal(2, survivor.Visitors.Count);
        Assert.Contains(other.Id, survivor.HistoryIds);
        Assert.Equal([other.Id], survivor.MergedFrom);
        Assert.Equal(Events.T0, survivor.CreatedAt);
    }

    [Fact]
    public void Merge_TraitsNewestWins_TheLoserGoesToHistory_WatermarksTakeTheMax()
    {
        var survivor = Lead("a", Events.T0, "direct", 1);
        var other = Lead("b", Events.T0, "direct", 1);
        LeadRecorder.SetTrait(survivor, "company", "ACME", Events.T0.AddHours(2), "tracker");
        LeadRecorder.SetTrait(other, "company", "Acme Inc.", Events.T0.AddHours(1), "import");
        LeadRecorder.SetTrait(other, "phone", "+81 3 0000 0000", Events.T0, "import");
        survivor.Watermarks["n1|x"] = 5;
        other.Watermarks["n1|x"] = 9;

        LeadMerger.Merge(survivor, other);

        Assert.Equal("ACME", survivor.Traits["company"].Value);
        Assert.Equal("+81 3 0000 0000", survivor.Traits["phone"].Value);
        Assert.Contains(survivor.TraitHistory, h => h.NewValue == "Acme Inc.");
        Assert.Equal(9, survivor.Watermarks["n1|x"]);
    }

    private static LeadState Lead(string visitor, DateTimeOffset start, string channel, int pageViews)
    {
        var state = new LeadState();
        var id = Guid.NewGuid();
        for (var i = 0; i < pageViews; i++) LeadRecorder.Apply(state, id, Events.PageView(visitor, start.AddMinutes(i), channel));
        return state;
    }
}
