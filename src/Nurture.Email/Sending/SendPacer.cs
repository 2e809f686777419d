namespace Nurture.Email.Sending;

/// <summary>
/// Spaces sends at most a given number per second across every connection: each caller reserves the
/// next free slot under a lock and waits for it outside, so parallel connections share one budget.
/// </summary>
public sealed class SendPacer(TimeProvider time)
{
    private readonly Lock gate = new();
    private DateTimeOffset nextSlot = DateTimeOffset.MinValue;

    public Task WaitTurnAsync(double perSecond, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        DateTimeOffset slot;
        lock (gate)
        {
            slot = nextSlot > now ? nextSlot : now;
            nextSlot = slot + TimeSpan.FromSeconds(1 / perSecond);
        }
        return slot > now ? Task.Delay(slot - now, time, cancellationToken) : Task.CompletedTask;
    }
}
