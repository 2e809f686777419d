using Microsoft.Extensions.Options;
using Nurture.Scoring;
using Nurture.Flows;
using Nurture.Handoff.Alerts;
using Nurture.Handoff.Reps;
using Nurture.Handoff.Routing;
using Nurture.Handoff.Sales;
using Nurture.Handoff.Webhooks;
using Nurture.Outbound;

namespace Nurture.Handoff;

/// <summary>Registers the hand-off; the host maps its endpoints with <c>MapHandoffApi</c>.</summary>
public static class HandoffRegistration
{
    /// <summary>
    /// Options (Nurture:Handoff, validated at start, the workspace webhook's address included), the hot-lead
    /// observer of score changes, the flows' notify_sales step, assignment, the stores, and the webhook client:
    /// the outbound guard, its resilience pipeline, and a signature on every call. <paramref name="webhookKey"/>
    /// is the cluster's key webhooks are signed with unless Nurture:Handoff:WebhookSecret names one.
    /// </summary>
    public static IServiceCollection AddHandoff(this IServiceCollection services, Func<IServiceProvider, byte[]> webhookKey)
    {
        services.AddOptions<HandoffOptions>().BindConfiguration("Nurture:Handoff").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<HandoffOptions>, WorkspaceWebhookValidation>();
        services.AddSingleton<IScoreChangeObserver, HotLeadAlerter>();
        services.AddSingleton<IFlowSalesNotifier, FlowSalesNotifier>();
        services.AddSingleton<AlertSignal>();
        services.AddSingleton<InboxSignal>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<RepStore>();
        services.AddSingleton<RepAssigner>();
        services.AddSingleton<RoutingRuleStore>();
        services.AddSingleton<SalesFeedbackStore>();
        services.AddSingleton<SalesInboxStore>();
        services.AddSingleton<SalesActivityStore>();
        services.AddSingleton<SalesEvents>();
        services.AddSingleton<WebhookClient>();
        // The resilience pipeline limits each call and each attempt, in place of HttpClient's one timeout.
        services.AddHttpClient(WebhookClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddOutboundGuard()
            .AddOutboundResilience(sp =>
            {
                var o = sp.GetRequiredService<IOptions<HandoffOptions>>().Value;
                return new OutboundCallLimits(o.RequestTimeout, o.AttemptTimeout, o.QuickRetries);
            })
            // After the pipeline, so it runs for every call: each quick retry is signed anew.
            .AddHttpMessageHandler(sp => ActivatorUtilities.CreateInstance<WebhookSigningHandler>(sp))
            // The factory's own logging writes each request's URL, and a Slack webhook's path is its secret.
            .RemoveAllLoggers();
        services.AddSingleton(sp => WebhookSigner.Create(sp.GetRequiredService<IOptions<HandoffOptions>>().Value.WebhookSecret, () => webhookKey(sp)));
        return services;
    }

    /// <summary>The alert worker and the SLA watch; they act on leads, so the host registers them once the silo is up.</summary>
    public static IServiceCollection AddHandoffWorkers(this IServiceCollection services)
    {
        services.AddHostedService<HandoffWorker>();
        services.AddHostedService<SlaWatch>();
        return services;
    }
}
