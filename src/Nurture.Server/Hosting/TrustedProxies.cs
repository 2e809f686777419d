using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Nurture.Server.Hosting;

/// <summary>
/// Behind a load balancer every connection comes from the balancer: with <see cref="NurtureOptions.TrustedProxies"/>
/// set, the client address is the last X-Forwarded-For hop the balancer added (what ingest stores, coarsened).
/// </summary>
public static class TrustedProxies
{
    public static bool IsValid(string proxy) => IPAddress.TryParse(proxy, out _) || System.Net.IPNetwork.TryParse(proxy, out _);

    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection("Nurture:TrustedProxies").Get<string[]>() ?? [];
        if (proxies.Length == 0) return app;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        // An entry that parses as neither is refused at start by NurtureOptions' validation.
        foreach (var proxy in proxies)
        {
            if (IPAddress.TryParse(proxy, out var address)) options.KnownProxies.Add(address);
            else if (System.Net.IPNetwork.TryParse(proxy, out var network)) options.KnownIPNetworks.Add(network);
        }
        app.UseForwardedHeaders(options);
        return app;
    }
}
