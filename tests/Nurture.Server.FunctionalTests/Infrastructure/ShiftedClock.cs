namespace Nurture.Server.FunctionalTests.Infrastructure;

/// <summary>
/// The system clock moved forward by whatever <see cref="Advance"/> added; timers still run in real time, so a
/// whole host (Orleans, the outbox, ingest) keeps working while "half an hour later" takes no half hour.
/// A <c>FakeTimeProvider</c> would stop every timer in the host until the test moved it.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long shiftTicks;

    /// <summary>Only forward: the host's services (the spool, the SLA watch, key expiry) never see time go back.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref shiftTicks, by.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref shiftTicks));
}
