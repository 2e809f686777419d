using Nurture.Abstractions.Leads;

namespace Nurture.Leads.Tests;

public sealed class LeadRecorderTests
{
    private static readonly Guid LeadId = Guid.NewGuid();

    [Fact]
    public void Apply_CountsANewSession_AfterThirtyIdleMinutes_PerVisitor()
    {
        var state = new LeadState();
        var t = Events.T0;
        foreach (var at in new[] { t, t.AddMinutes(10), t.AddMinutes(39), t.AddMinutes(70), t.AddMinutes(70.5) })
            LeadRecorder.Apply(state, LeadId, Events.PageView("v1", at));
        LeadRecorder.Apply(state, LeadId, Events.PageView("v2", t.AddMinutes(71)));

        Assert.Equal(3, state.Counters.Sessions);
        Assert.Equal(6, state.Counters.PageViews);
        Assert.Equal(t, state.Counters.FirstSeen);
        Assert.Equal(t.AddMinutes(71), state.Counters.LastSeen);
    }

    [Fact]
    public void Apply_WhatSalesDid_IsARecentEvent_ButNotThePersonBeingSeen()
    {
        var state = new LeadState();
        LeadRecorder.Apply(state, LeadId, Events.PageView("v", Events.T0));
        var call = Events.PageView("v", Events.T0.AddHours(3)) with
        {
            SiteId = Guid.Empty, VisitorId = $"sales:{LeadId:N}", Type = "sales_call", Url = null,
            Source = new Nurture.Abstractions.Events.AcquisitionSource { Channel = LeadRecorder.SalesChannel },
        };

        Assert.True(LeadRecorder.Apply(state, LeadId, call));

        Assert.Equal(2, state.Counters.Events);
        Assert.Equal(Events.T0, state.Counters.LastSeen);
        Assert.Equal(1, state.Counters.Sessions);
        Assert.Contains(state.RecentEvents, e => e.Type == "sales_call" && e.Channel == "sales");
    }

    [Fact]
    public void Apply_FirstTouchIsTheFirstSession_LastTouchIgnoresDirectReturns()
    {
        var state = new LeadState();
        LeadRecorder.Apply(state, LeadId, Events.PageView("v", Events.T0, "paid_search"));
        LeadRecorder.Apply(state, LeadId, Events.PageView("v", Events.T0.AddHours(2), "email"));
        LeadRecorder.Apply(state, LeadId, Events.PageView("v", Events.T0.AddHours(4), "direct"));

        Assert.Equal("paid_search", state.FirstTouch!.Source.Channel);
        Assert.Equal("email", state.LastTouch!.Source.Channel);
    }

    [Fact]
    public void Apply_BelowTheWatermark_IsAReplayAndIgnored()
    {
        var state = new LeadState();
        var e = Events.PageView("v", Events.T0, spoolSeq: 10);
        Assert.True(LeadRecorder.Apply(state, LeadId, e));
        Assert.False(LeadRecorder.Apply(state, LeadId, e));
        Assert.False(LeadRecorder.Apply(state, LeadId, e with { SpoolSeq = 9 }));
        Assert.True(LeadRecorder.Apply(state, LeadId, e with { SpoolSeq = 11, EventId = "next" }));
        Assert.Equal(2, state.Counters.Events);
    }

    [Fact]
    public void Apply_TheSameEventThroughAnotherNodesSpool_IsARetryAndIgnored()
    {
        var state = new LeadState();
        var e = Events.PageView("v", Events.T0, spoolSeq: 10);
        Assert.True(LeadRecorder.Apply(state, LeadId, e));
        // The client got no answer from node n1 and sent the event again; node n2 took it seconds later.
        Assert.False(LeadRecorder.Apply(state, LeadId, e with { SpoolNode = "n2", SpoolSeq = 3, ReceivedAt = Events.T0.AddSeconds(20) }));
        Assert.True(LeadRecorder.Apply(state, LeadId, e with { SpoolNode = "n2", SpoolSeq = 4, EventId = "another" }));
        Assert.Equal(2, state.Counters.Events);
        Assert.Equal(2, state.RecentEvents.Count);
    }

    [Fact]
    public void Apply_KeepsTheFiftyNewestEvents_NewestFirst()
    {
        var state = new LeadState();
        for (var i = 0; i < 60; i++) LeadRecorder.Apply(state, LeadId, Events.PageView("v", Events.T0.AddSeconds(i)));
        Assert.Equal(LeadRecorder.RecentEventLimit, state.RecentEvents.Count);
        Assert.Equal(Events.T0.AddSeconds(59), state.RecentEvents[0].At);
        Assert.Equal(Events.T0.AddSeconds(10), state.RecentEvents[^1].At);
    }

    [Fact]
    public void SetTrait_NewestWins_AndEveryOverwriteIsInTheHistory()
    {
        var state = new LeadState();
        LeadRecorder.SetTrait(state, "title", "CTO", Events.T0, "tracker");
        LeadRecorder.SetTrait(state, "title", "CEO", Events.T0.AddDays(1), "tracker");
        LeadRecorder.SetTrait(state, "title", "Intern", Events.T0.AddHours(1), "import");

        Assert.Equal("CEO", state.Traits["title"].Value);
        Assert.Equal(["CTO", "Intern", "CEO"], state.TraitHistory.Select(h => h.NewValue));
        Assert.Equal(["import"], state.TraitHistory.Where(h => h.NewValue == "Intern").Select(h => h.Source));
    }

    [Fact]
    public void FromVisitor_EventsSpooledBeforeTheRule_LoseReservedTraits_AndTakeTraitNames()
    {
        var kept = LeadRecorder.FromVisitor(new Dictionary<string, string>
        {
            ["owner"] = "rep-b", ["sales_outcome"] = "won", ["jobTitle"] = "CTO", ["company"] = "ACME", ["会社名"] = "x",
        });
        Assert.Equal(new Dictionary<string, string> { ["job_title"] = "CTO", ["company"] = "ACME" }, kept);
    }

    [Fact]
    public void RenameLegacyTraits_MovesOldNamesToTraitNames_AndANewerValueUnderTheNewNameWins()
    {
        var state = new LeadState();
        state.Traits["jobTitle"] = new TraitValue("CTO", Events.T0, "tracker");
        state.Traits["companySize"] = new TraitValue("500", Events.T0, "tracker");
        state.Traits["company_size"] = new TraitValue("800", Events.T0.AddDays(1), "import");
        state.Traits["name"] = new TraitValue("Ann", Events.T0, "tracker");

        Assert.True(LeadRecorder.RenameLegacyTraits(state));

        Assert.Equal(["company_size", "job_title", "name"], state.Traits.Keys.Order());
        Assert.Equal("800", state.Traits["company_size"].Value);
        Assert.Equal("CTO", state.Traits["job_title"].Value);
        Assert.False(LeadRecorder.RenameLegacyTraits(state));
    }

    [Fact]
    public void AdoptOwnerTrait_TakesAnImportsOwner_AndDropsAVisitorsOne()
    {
        var imported = new LeadState();
        imported.Traits["owner"] = new TraitValue("rep-a", Events.T0, "import:1");
        Assert.True(LeadRecorder.AdoptOwnerTrait(imported));
        Assert.Equal("rep-a", imported.Owner);
        Assert.False(imported.Traits.ContainsKey("owner"));

        var poisoned = new LeadState();
        poisoned.Traits["owner"] = new TraitValue("rep-b", Events.T0, "tracker");
        Assert.True(LeadRecorder.AdoptOwnerTrait(poisoned));
        Assert.Null(poisoned.Owner);
        Assert.False(LeadRecorder.AdoptOwnerTrait(poisoned));
    }

    [Fact]
    public void SetOwner_RecordsTheChange_AndEmptyMeansNobody()
    {
        var state = new LeadState();
        Assert.True(LeadRecorder.SetOwner(state, "rep-a", Events.T0, "flow"));
        Assert.False(LeadRecorder.SetOwner(state, "rep-a", Events.T0.AddMinutes(1), "flow"));
        Assert.True(LeadRecorder.SetOwner(state, "", Events.T0.AddMinutes(2), "user:x"));
        Assert.Null(state.Owner);
        Assert.Equal([(null, "rep-a"), ("rep-a", "")], state.TraitHistory.Where(c => c.Trait == "owner").Select(c => (c.OldValue, c.NewValue)));
    }
}
