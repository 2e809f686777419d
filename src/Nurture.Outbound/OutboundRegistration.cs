using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Nurture.Outbound;

/// <summary>Registers the outbound policy, and plugs its guard into an <see cref="IHttpClientFactory"/> client.</summary>
public static class OutboundRegistration
{
    /// <summary>Options (Nurture:Outbound, validated at start), the policy, the save-time check and the connect-time guard.</summary>
    public static IServiceCollection AddOutbound(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(OutboundPolicy))) return services;
        services.AddOptions<OutboundOptions>().BindConfiguration("Nurture:Outbound").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboundPolicy>();
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<OutboundUrlCheck>();
        services.AddSingleton<OutboundConnectGuard>();
        return services;
    }

    /// <summary>
    /// Every connection of this client goes through <see cref="OutboundConnectGuard"/>: for any client that
    /// calls URLs users or operators gave us (<c>services.AddHttpClient("x").AddOutboundGuard()</c>).
    /// Handlers added later (a resilience pipeline) sit in front of this one and change none of it. HTTP/3
    /// would connect over QUIC without the callback: requests stay at HttpClient's default, HTTP/1.1 or lower.
    /// </summary>
    public static IHttpClientBuilder AddOutboundGuard(this IHttpClientBuilder builder)
    {
        builder.Services.AddOutbound();
        return builder.ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
        {
            ConnectCallback = sp.GetRequiredService<OutboundConnectGuard>().ConnectAsync,
            // A redirect is the receiver choosing where Nurture goes next, a URL nobody saved: the 3xx is the answer.
            AllowAutoRedirect = false,
            // Through a proxy (HTTP_PROXY/HTTPS_PROXY in the environment) the guard would see only the proxy's
            // address, and the proxy would then reach internal addresses on our behalf.
            UseProxy = false,
            // A pooled connection keeps the address it was checked with; new ones resolve and are checked again.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        });
    }
}
