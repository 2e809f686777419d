using System.Text.Json;
using Microsoft.Extensions.Options;
using Nurture.Ingest.Normalisation;
using Nurture.Ingest.Spool;
using Nurture.Ingest.Wire;
using Nurture.Abstractions.Events;


namespace Nurture.Ingest.Pipeline;

/// <summary>
/// The hot path shared by the pixel and /collect: site check, normalisation, one durable spool append
/// for the whole batch. Nothing here waits on PostgreSQL, ClickHouse or a grain.
/// </summary>
public sealed class IngestPipeline(
    EventSpool spool, ISiteDirectory sites, IngestMetrics metrics, IOptions<IngestOptions> options, IVisitLinkReader? links = null)
{
    /// <summary>Keeps the valid events; throws <see cref="SpoolFullException"/> when the spool is full.</summary>
    public async Task<IngestResult> IngestAsync(
        IReadOnlyList<IncomingEvent> events, IReadOnlyList<Rejection> earlier, ClientContext context, CancellationToken cancellationToken)
    {
        List<Rejection> rejected = [.. earlier];
        List<SpoolEntry> entries = new(events.Count);
        var agent = UserAgentClassifier.Classify(context.UserAgent);
        var knownSite = false;
        foreach (var incoming in events)
        {
            var site = await sites.FindByKeyAsync(incoming.SiteKey, cancellationToken);
            if (site is null)
            {
                rejected.Add(new Rejection(incoming.Index, "siteKey", "is not a known site key"));
                continue;
            }
            knownSite = true;
            if (!site.AllowsOrigin(context.Origin))
            {
                rejected.Add(new Rejection(incoming.Index, "origin", "is not an allowed origin of this site"));
                continue;
            }
            var tracked = LinkVisit(EventNormaliser.Normalise(incoming, site, context, agent));
            var payload = JsonSerializer.SerializeToUtf8Bytes(tracked, SpoolJson.Writer);
            entries.Add(new SpoolEntry(EventNormaliser.DedupeKey(site.Id, incoming.VisitorId, incoming.EventId), payload));
        }

        if (events.Count > 0 && !knownSite)
        {
            metrics.CountRejected("unknown_site", events.Count);
            return new IngestResult(IngestStatus.UnknownSite, 0, []);
        }
        foreach (var rejection in rejected) metrics.CountRejected(IngestMetrics.ReasonLabel(rejection.Field));
        if (entries.Count == 0) return new IngestResult(IngestStatus.NoneAccepted, 0, rejected);

        try
        {
            var seqs = await spool.AppendAsync(entries, cancellationToken);
            var duplicates = seqs.Count(s => s == EventSpool.Duplicate);
            metrics.CountAccepted(seqs.Length - duplicates);
            metrics.CountDuplicates(duplicates);
        }
        catch (SpoolFullException)
        {
            metrics.CountRejected("spool_full", entries.Count);
            throw;
        }
        return new IngestResult(IngestStatus.Accepted, entries.Count, rejected);
    }

    /// <summary>Events the server itself observed (email opens and clicks): no site check, no dedupe.</summary>
    public async Task AppendServerEventsAsync(IReadOnlyList<Abstractions.Events.TrackedEvent> events, CancellationToken cancellationToken)
    {
        var entries = events.Select(e => new SpoolEntry(0, JsonSerializer.SerializeToUtf8Bytes(e, SpoolJson.Writer))).ToList();
        await spool.AppendAsync(entries, cancellationToken);
        metrics.CountAccepted(entries.Count);
    }

    public bool StoreRawClientIp => options.Value.StoreRawClientIp;

    /// <summary>A valid `nt` email-link token ties the visit to its lead; the token itself is never stored.</summary>
    private TrackedEvent LinkVisit(TrackedEvent e)
    {
        var index = e.PropKeys.ToList().IndexOf("nt");
        if (index < 0) return e;
        var keys = e.PropKeys.Where((_, i) => i != index).ToList();
        var values = e.PropValues.Where((_, i) => i != index).ToList();
        return e with { PropKeys = keys, PropValues = values, LinkLeadId = links?.LeadOf(e.PropValues[index]) };
    }
}
