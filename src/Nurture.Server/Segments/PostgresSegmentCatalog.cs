using Nurture.Leads.Segments;
using Nurture.Server.Hosting;

namespace Nurture.Server.Segments;

/// <summary>
/// The simple segments (decided by a lead's own row), re-read from PostgreSQL every couple of seconds,
/// for lead grains to judge themselves on each save: membership follows the lead within its
/// write-behind interval instead of the next background refresh.
/// </summary>
public sealed class PostgresSegmentCatalog(SegmentStore store, ILogger<PostgresSegmentCatalog> logger)
    : RefreshingService(TimeSpan.FromSeconds(2), logger), ISegmentCatalog
{
    private volatile IReadOnlyList<LiveSegment> live = [];

    public IReadOnlyList<LiveSegment> Live => live;

    public override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var segments = new List<LiveSegment>();
        foreach (var segment in await store.ListAsync(cancellationToken))
        {
            if (SegmentDefinition.Parse(segment.Definition).Definition is { Filter.IsSimple: true } definition)
                segments.Add(new LiveSegment(segment.Id, definition.Filter));
        }
        live = segments;
    }

    /// <summary>Loads before the node takes traffic, so no lead saves with an empty list after a restart.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }
}
