using System.Text.Json;
using Microsoft.Extensions.Options;
using Nurture.Ingest.Normalisation;
using Nurture.Spool;
using Nurture.Ingest.Wire;
using Nurture.Abstractions.Events;


namespace Nurture.Ingest.Pipeline;

/// <summary>
/// The hot path shared by the pixel and /collect: site check, normalisation, one durable spool append
/// for the whole batch. Nothing here waits on PostgreSQL, ClickHouse or a grain.
/// </summary>
public sealed class IngestPipeline(
    EventSpool spool, ISiteDirectory sites, IngestMetrics metrics, IOptions<IngestOptions> options, IdentifyLimits identifyLimits,
    SiteRequestLimits siteLimits, IVisitLinkReader? links = null, IIdentifyFlags? flags = null, IOriginRefusals? originRefusals = null)
{
    /// <summary>Keeps the valid events; throws <see cref="SpoolFullException"/> when the spool is full.</summary>
    public async Task<IngestResult> IngestAsync(
        IReadOnlyList<IncomingEvent> events, IReadOnlyList<Rejection> earlier, ClientContext context, CancellationToken cancellationToken)
    {
        List<Rejection> rejected = [.. earlier];
        List<SpoolEntry> entries = new(events.Count);
        var agent = UserAgentClassifier.Classify(context.UserAgent);
        var knownSite = false;
        var originAllowed = false;
        Guid? admittedSite = null;
        List<Guid>? limitedSites = null;
        var retryAfter = TimeSpan.Zero;
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
                // The Origin header, not a field of the event.
                rejected.Add(new Rejection(incoming.Index, "origin", "is not an allowed origin of this site") { Path = "Origin" });
                originRefusals?.Refused(site.Id, context.Origin!, context.ReceivedAt);
                continue;
            }
            originAllowed = true;
            if (admittedSite != site.Id && !AdmitSite(site.Id, ref admittedSite, ref limitedSites, ref retryAfter))
            {
                rejected.Add(new Rejection(incoming.Index, "siteKey", "this site is sending more than its limit; retry later (Nurture:Limits:SiteRequestsPerMinute)"));
                continue;
            }
            if (incoming.Email is { } email && identifyLimits.Check(site.Id, incoming.VisitorId, context.Address, email) is { } limit)
            {
                metrics.CountLimited(limit == "visitor" ? "identify_visitor" : "identify_client");
                var why = limit == "visitor"
                    ? "this visitor has identified as too many different emails recently; the identify is refused (Nurture:Limits:EmailsPerVisitor)"
                    : "too many different emails were identified from this address recently; the identify is refused (Nurture:Limits:EmailsPerClient)";
                rejected.Add(new Rejection(incoming.Index, "email", why));
                // The visitor's lead is told; refusals for a whole address concern visitors that mostly have none.
                if (limit == "visitor") flags?.Flag(site.Id, incoming.VisitorId, "identify refused: " + why, context.ReceivedAt);
                continue;
            }
            var tracked = LinkVisit(EventNormaliser.Normalise(NarrowTraits(incoming, site, rejected), site, context, agent));
            var payload = JsonSerializer.SerializeToUtf8Bytes(tracked, SpoolJson.Writer);
            entries.Add(new SpoolEntry(EventNormaliser.DedupeKey(site.Id, incoming.VisitorId, incoming.EventId), payload));
        }

        if (events.Count > 0 && !knownSite)
        {
            metrics.CountRejected("unknown_site", events.Count);
            return new IngestResult(IngestStatus.UnknownSite, 0, [], false);
        }
        foreach (var rejection in rejected)
        {
            if (rejection.EventKept) metrics.CountTraitRefused();
            else metrics.CountRejected(IngestMetrics.ReasonLabel(rejection.Field));
        }
        if (entries.Count == 0 && limitedSites is not null)
            return new IngestResult(IngestStatus.Limited, 0, rejected, originAllowed) { RetryAfter = retryAfter };
        if (entries.Count == 0) return new IngestResult(IngestStatus.NoneAccepted, 0, rejected, originAllowed);

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
        return new IngestResult(IngestStatus.Accepted, entries.Count, rejected, originAllowed);
    }

    /// <summary>Events the server itself observed (email opens and clicks): no site check, no dedupe.</summary>
    public async Task AppendServerEventsAsync(IReadOnlyList<Abstractions.Events.TrackedEvent> events, CancellationToken cancellationToken)
    {
        var entries = events.Select(e => new SpoolEntry(0, JsonSerializer.SerializeToUtf8Bytes(e, SpoolJson.Writer))).ToList();
        await spool.AppendAsync(entries, cancellationToken);
        metrics.CountAccepted(entries.Count);
    }

    public bool StoreRawClientIp => options.Value.StoreRawClientIp;

    /// <summary>
    /// One request counts once against each site it carries events for: the first event of a site takes the
    /// permit (a batch is nearly always one site, so the last admitted one is remembered, and the refused ones).
    /// </summary>
    private bool AdmitSite(Guid siteId, ref Guid? admitted, ref List<Guid>? limited, ref TimeSpan retryAfter)
    {
        if (limited?.Contains(siteId) == true) return false;
        if (siteLimits.TryAcquire(siteId, out var wait))
        {
            admitted = siteId;
            return true;
        }
        (limited ??= []).Add(siteId);
        retryAfter = wait > retryAfter ? wait : retryAfter;
        metrics.CountLimited("site");
        return false;
    }

    /// <summary>The site's own list of traits its visitors may set: the others are dropped and named.</summary>
    private static IncomingEvent NarrowTraits(IncomingEvent incoming, Site site, List<Rejection> rejected)
    {
        if (incoming.Traits is not { Count: > 0 } traits || site.PublicTraits.Count == 0) return incoming;
        Dictionary<string, string>? kept = null;
        foreach (var (name, value) in traits)
        {
            if (site.AcceptsPublicTrait(name))
            {
                (kept ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = value;
                continue;
            }
            rejected.Add(new Rejection(incoming.Index, "traits." + name, "is not among the traits this site accepts from visitors (the site's publicTraits)") { EventKept = true });
        }
        return incoming with { Traits = (IReadOnlyDictionary<string, string>?)kept ?? new Dictionary<string, string>() };
    }

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
