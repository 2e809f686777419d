using Orleans.Concurrency;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;

namespace Nurture.Leads.Tests;

[Collection(LeadCluster.Name)]
public sealed class LeadGrainTests(LeadClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    [Fact]
    public async Task Persist_ThenDeactivate_StateComesBackFromPostgres_AndAReplayIsNotCountedAgain()
    {
        var visitor = "persist-" + Guid.NewGuid().ToString("N");
        var events = Enumerable.Range(0, 3).Select(i => Events.PageView(visitor, Events.T0.AddMinutes(i))).ToList();
        var lead = Grains.GetGrain<ILeadGrain>(events[0].LeadId);
        await lead.ApplyAsync(events);
        await lead.PersistAsync();

        await DeactivateAllAsync();
        Assert.Equal(3, (await lead.GetAsync())!.Counters.PageViews);

        // The dispatcher replays from its checkpoint after a crash: the lead drops what it has.
        await lead.ApplyAsync(events);
        Assert.Equal(3, (await lead.GetAsync())!.Counters.PageViews);
    }

    [Fact]
    public async Task Identify_WithAnEmailAnotherLeadOwns_MergesIntoItAndForwards()
    {
        var email = $"grain-{Guid.NewGuid():N}@example.com";
        var desk = "desk-" + Guid.NewGuid().ToString("N");
        var phone = "phone-" + Guid.NewGuid().ToString("N");
        var owner = (await DeliverAsync(desk, [Events.PageView(desk, Events.T0), Events.Identify(desk, Events.T0.AddMinutes(1), email)])).LeadId;

        var phoneVisitor = Grains.GetGrain<IVisitorIndexGrain>(LeadIds.VisitorKey(Events.Site, phone));
        var applied = await DeliverAsync(phone,
        [
            Events.PageView(phone, Events.T0.AddHours(1)),
            Events.Identify(phone, Events.T0.AddHours(1).AddMinutes(1), email, new() { ["name"] = "Ann" }),
            Events.PageView(phone, Events.T0.AddHours(1).AddMinutes(2)),
        ]);

        Assert.Equal(owner, applied.LeadId);
        Assert.Equal(owner, await phoneVisitor.GetLeadAsync());
        var survivor = (await Grains.GetGrain<ILeadGrain>(owner).GetAsync())!;
        Assert.Equal(5, survivor.Counters.Events);
        Assert.Equal("Ann", survivor.Traits["name"].Value);
        var merged = await Grains.GetGrain<ILeadGrain>(LeadIds.ForVisitor(Events.Site, phone)).GetAsync();
        Assert.Equal(owner, merged!.MergedInto);

        // Absorbing the same lead again (a retry after a crash) changes nothing.
        await Grains.GetGrain<ILeadGrain>(owner).AbsorbAsync(merged.AsImmutable());
        Assert.Equal(5, (await Grains.GetGrain<ILeadGrain>(owner).GetAsync())!.Counters.Events);

        // Everything survives deactivation: the merge was written at once.
        await DeactivateAllAsync();
        Assert.Equal(owner, (await Grains.GetGrain<ILeadGrain>(LeadIds.ForVisitor(Events.Site, phone)).GetAsync())!.MergedInto);
        Assert.Equal(owner, await Grains.GetGrain<IEmailIndexGrain>(email).GetOwnerAsync());
        // The visitor index stores nothing: after deactivation it finds the survivor through the merged lead.
        Assert.Equal(owner, await phoneVisitor.GetLeadAsync());
        // The visitor's own lead forwards its events to the survivor.
        var later = await DeliverAsync(phone, [Events.PageView(phone, Events.T0.AddHours(2))]);
        Assert.Equal(owner, later.LeadId);
        Assert.Equal(6, (await Grains.GetGrain<ILeadGrain>(owner).GetAsync())!.Counters.Events);
    }

    [Fact]
    public async Task TwoKnownLeads_OneIdentifiesWithTheOthersEmail_TheOtherEmailMovesToTheSurvivor()
    {
        var first = $"first-{Guid.NewGuid():N}@example.com";
        var second = $"second-{Guid.NewGuid():N}@example.com";
        var a = "a-" + Guid.NewGuid().ToString("N");
        var b = "b-" + Guid.NewGuid().ToString("N");
        var leadA = (await DeliverAsync(a, [Events.Identify(a, Events.T0, first)])).LeadId;
        var leadB = (await DeliverAsync(b, [Events.Identify(b, Events.T0, second)])).LeadId;
        Assert.NotEqual(leadA, leadB);

        var after = (await DeliverAsync(b, [Events.Identify(b, Events.T0.AddDays(1), first)])).LeadId;

        Assert.Equal(leadA, after);
        Assert.Equal(leadA, await Grains.GetGrain<IEmailIndexGrain>(second).GetOwnerAsync());
        var survivor = (await Grains.GetGrain<ILeadGrain>(leadA).GetAsync())!;
        Assert.Equal([first, second], survivor.Emails.Order());
    }

    /// <summary>As the dispatcher delivers: to the visitor's own lead, the id ingest stamps on its events.</summary>
    private Task<ApplyResult> DeliverAsync(string visitor, List<TrackedEvent> events) =>
        Grains.GetGrain<ILeadGrain>(LeadIds.ForVisitor(Events.Site, visitor)).ApplyAsync(events);

    private async Task DeactivateAllAsync()
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        static IEnumerable<string> Ours(SimpleGrainStatistic[] stats) =>
            stats.Where(s => s.GrainType.Contains("Nurture.Leads", StringComparison.Ordinal) && s.ActivationCount > 0).Select(s => $"{s.GrainType}: {s.ActivationCount}");
        Assert.NotEmpty(Ours(await management.GetSimpleGrainStatistics()));
        // Orleans answers once every collected activation has finished deactivating (state written, gone from the catalog).
        await management.ForceActivationCollection(TimeSpan.Zero);
        Assert.Empty(Ours(await management.GetSimpleGrainStatistics()));
    }
}
