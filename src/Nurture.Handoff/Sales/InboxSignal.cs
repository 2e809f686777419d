namespace Nurture.Handoff.Sales;

/// <summary>
/// "A hot lead was just assigned on this node": wakes every open sales stream at once, so a rep sees it
/// within milliseconds. Assignments made on other nodes reach the streams by their short poll instead.
/// </summary>
public sealed class InboxSignal
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the next assignment is announced; take it before looking, then wait on it.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    public void Notify() => Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
