using Nurture.Abstractions;
using Nurture.Abstractions.Leads;

namespace Nurture.Leads.Tests;

[Collection(LeadCluster.Name)]
public sealed class GrainReferencesTests(LeadClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    [Fact]
    public async Task References_AreTheOnesGetGrainMakes_AndReachTheSameActivation()
    {
        var visitors = new GrainReferences<IVisitorIndexGrain>(Grains, Grains.GetGrain<IVisitorIndexGrain>("sample"));
        var leads = new GrainReferences<ILeadGrain>(Grains, Grains.GetGrain<ILeadGrain>(Guid.Empty));
        var visitor = "refs-" + Guid.NewGuid().ToString("N");
        var key = LeadIds.VisitorKey(Events.Site, visitor);

        Assert.Equal(Grains.GetGrain<IVisitorIndexGrain>(key), visitors.Get(key));
        var lead = LeadIds.ForVisitor(Events.Site, visitor);
        Assert.Equal(Grains.GetGrain<ILeadGrain>(lead), leads.Get(lead));
        Assert.Equal(lead, leads.Get(lead).GetPrimaryKey());

        var applied = await leads.Get(lead).ApplyAsync([Events.PageView(visitor, Events.T0)]);
        Assert.Equal(lead, applied.LeadId);
        Assert.Equal(1, (await leads.Get(lead).GetAsync())!.Counters.PageViews);
        Assert.Equal(lead, await visitors.Get(key).GetLeadAsync());
    }
}
