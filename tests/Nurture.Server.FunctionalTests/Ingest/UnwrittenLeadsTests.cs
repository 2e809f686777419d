using Nurture.Server.Ingest;

namespace Nurture.Server.FunctionalTests.Ingest;

public sealed class UnwrittenLeadsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();

    [Fact]
    public void With_nothing_unwritten_the_checkpoint_may_move_to_what_was_delivered()
    {
        Assert.Equal(42, new UnwrittenLeads().SafePosition(42));
    }

    [Fact]
    public void The_checkpoint_stays_before_the_first_event_a_lead_holds_only_in_memory()
    {
        var leads = new UnwrittenLeads();
        leads.Add([A], firstSeq: 10, T0);
        leads.Add([A, B], firstSeq: 20, T0.AddSeconds(1));

        // A keeps the position of its first unwritten batch, not its latest.
        Assert.Equal(9, leads.SafePosition(25));
        leads.TakeDue(T0, max: 10);
        Assert.Equal(19, leads.SafePosition(25));
    }

    [Fact]
    public void Only_leads_unwritten_long_enough_are_due_and_each_is_taken_once()
    {
        var leads = new UnwrittenLeads();
        leads.Add([A], 1, T0);
        leads.Add([B], 2, T0.AddSeconds(3));
        leads.Add([C], 3, T0.AddSeconds(6));

        Assert.True(leads.TakeDue(T0.AddSeconds(3), max: 10).ToHashSet().SetEquals([A, B]));
        Assert.Empty(leads.TakeDue(T0.AddSeconds(3), max: 10));
        Assert.Equal(1, leads.Count);
    }

    [Fact]
    public void A_lead_touched_again_after_it_was_taken_is_noted_afresh()
    {
        var leads = new UnwrittenLeads();
        leads.Add([A], 5, T0);
        Assert.Single(leads.TakeDue(DateTimeOffset.MaxValue, max: 10));
        leads.Add([A], 50, T0.AddSeconds(1));

        Assert.Equal(49, leads.SafePosition(60));
    }

    [Fact]
    public void A_bounded_round_takes_the_leads_holding_the_oldest_events_so_the_checkpoint_moves()
    {
        var leads = new UnwrittenLeads();
        leads.Add([C], 30, T0);
        leads.Add([A], 10, T0);
        leads.Add([B], 20, T0);

        Assert.Equal([A, B], leads.TakeDue(DateTimeOffset.MaxValue, max: 2));
        Assert.Equal(29, leads.SafePosition(40));
    }
}
