namespace Nurture.EventStore;

/// <summary>
/// Applies <see cref="EventStoreSchema"/> once per process. Every table's writer starts at once and needs
/// the schema first; one at a time keeps their ALTERs of a replicated table from racing each other.
/// </summary>
public sealed class ClickHouseSchemaGate(ClickHouseStore store) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool applied;

    public async Task EnsureAppliedAsync(CancellationToken cancellationToken)
    {
        if (applied) return;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (applied) return;
            await EventStoreSchema.ApplyAsync(store, cancellationToken);
            applied = true;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
