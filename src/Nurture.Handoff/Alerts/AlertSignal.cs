using System.Threading.Channels;

namespace Nurture.Handoff.Alerts;

/// <summary>
/// The in-process hand-over from whoever records an alert to the <see cref="HandoffWorker"/>: a wake-up
/// call carrying the alert id. Losing it loses nothing, the row in PostgreSQL is the truth; it only
/// saves the worker's poll delay.
/// </summary>
public sealed class AlertSignal
{
    private readonly Channel<Guid> channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Notify(Guid alertId) => channel.Writer.TryWrite(alertId);

    /// <summary>Waits until something is signalled or the timeout passes; drains what is waiting.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (channel.Reader.TryRead(out _))
        {
            while (channel.Reader.TryRead(out _)) { }
            return;
        }
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await channel.Reader.WaitToReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return;
        }
        while (channel.Reader.TryRead(out _)) { }
    }
}
