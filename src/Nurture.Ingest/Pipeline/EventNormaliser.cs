using Nurture.Spool;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.Ingest.Normalisation;
using Nurture.Ingest.Wire;

namespace Nurture.Ingest.Pipeline;

/// <summary>Builds the stored <see cref="TrackedEvent"/> from a validated event and what the server knows.</summary>
public static class EventNormaliser
{
    public static TrackedEvent Normalise(IncomingEvent incoming, Site site, ClientContext context, UserAgentInfo agent)
    {
        var page = UrlParts.Parse(incoming.Url);
        var referrerHost = UrlParts.Parse(incoming.Referrer)?.Host;
        var acquisition = AcquisitionParams.FromQuery(page?.Query);
        var channel = ChannelClassifier.Classify(referrerHost, page?.Host, acquisition);
        return new TrackedEvent
        {
            EventId = incoming.EventId ?? Guid.NewGuid().ToString("N"),
            SiteId = site.Id,
            VisitorId = incoming.VisitorId,
            LeadId = LeadIds.ForVisitor(site.Id, incoming.VisitorId),
            Type = incoming.Type,
            Name = incoming.Name,
            Url = incoming.Url,
            Host = page?.Host,
            Path = page?.Path,
            Query = page?.Query,
            Referrer = incoming.Referrer,
            ReferrerHost = referrerHost,
            Title = incoming.Title,
            Source = new AcquisitionSource
            {
                Channel = channel,
                UtmSource = acquisition.UtmSource,
                UtmMedium = acquisition.UtmMedium,
                UtmCampaign = acquisition.UtmCampaign,
                UtmTerm = acquisition.UtmTerm,
                UtmContent = acquisition.UtmContent,
                ClickIdName = acquisition.ClickIdName,
                ClickId = acquisition.ClickId,
            },
            DeviceClass = agent.DeviceClass,
            Browser = agent.Browser,
            Os = agent.Os,
            IsBot = agent.IsBot,
            PropKeys = incoming.PropKeys,
            PropValues = incoming.PropValues,
            Email = incoming.Email,
            Traits = incoming.Traits,
            ClientTime = incoming.ClientTime,
            ReceivedAt = context.ReceivedAt,
            UserAgent = context.UserAgent,
            ClientIp = context.ClientIp,
        };
    }

    /// <summary>Identifies retries: the same client event id from the same visitor of the same site.</summary>
    public static ulong DedupeKey(Guid siteId, string visitorId, string? eventId)
    {
        return eventId is null ? 0 : DedupeKeys.Of($"{siteId:N}\n{visitorId}\n{eventId}");
    }
}
