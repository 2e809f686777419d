using System.Net;
using System.Net.Sockets;

namespace Nurture.Outbound;

/// <summary>
/// The check of a URL when it is saved (a rep's webhook, the workspace webhook at start-up), so the person
/// who typed it learns at once: its host as an address in any spelling, a metadata service's name, or a
/// name whose addresses are looked up now and must all be allowed. Not the defence itself: a name can
/// answer differently later, so <see cref="OutboundConnectGuard"/> checks again at every connection.
/// </summary>
public sealed partial class OutboundUrlCheck(OutboundPolicy policy, IHostResolver resolver, ILogger<OutboundUrlCheck> logger)
{
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when Nurture may call the URL's host; otherwise why not, in words to follow the field's name.</summary>
    public async Task<string?> ProblemAsync(string url, CancellationToken cancellationToken)
    {
        // Whether it is an absolute http(s) URL at all is its owner's check (WebhookTarget).
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        string host;
        try
        {
            // IdnHost, as SocketsHttpHandler connects to: it folds full-width digits ("１２７.0.0.1") into ASCII.
            host = uri.IdnHost;
        }
        catch (UriFormatException)
        {
            return "must have a valid host name";
        }
        if (OutboundPolicy.TryParseLiteral(host, out var literal)) return policy.Check(literal, viaHost: null)?.ForSaving();
        var name = host.TrimEnd('.');
        if (MetadataHosts.Contains(name)) return OutboundRefusal.MetadataName(name).ForSaving();

        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(name, cancellationToken).WaitAsync(LookupTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            // Accepted: the receiver may not be in DNS yet, or DNS may be down for a moment, and refusing would
            // protect nothing, since each call resolves the name again and refuses internal answers then.
            LogUnresolved(name, ex.Message);
            return null;
        }
        // Any internal answer refuses the URL here; at connect time the internal ones are only skipped.
        foreach (var address in addresses)
        {
            if (policy.Check(address, name) is { } refusal) return refusal.ForSaving();
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Host} did not resolve when its URL was saved ({Reason}); accepted, and checked again at every call")]
    private partial void LogUnresolved(string host, string reason);
}
