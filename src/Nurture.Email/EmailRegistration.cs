using Nurture.Email.Outbox;
using Nurture.Email.Sending;
using Nurture.Email.Suppressions;
using Nurture.Email.Templates;
using Nurture.Email.Tracking;
using Nurture.Flows;
using Nurture.Ingest.Pipeline;

namespace Nurture.Email;

/// <summary>Registers the email feature; the host maps its endpoints with <c>MapEmailApi</c> and <c>MapEmailTrackingApi</c>.</summary>
public static class EmailRegistration
{
    /// <summary>
    /// Options (Nurture:Smtp, Nurture:Email, validated at start), templates, the composer, the outbox and the
    /// suppression list, the tracking tokens and the flows' send step. <paramref name="tokenKey"/> is the
    /// cluster's key that signs the tokens in links, the same on every node.
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, Func<IServiceProvider, byte[]> tokenKey)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration("Nurture:Smtp").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmailOptions>().BindConfiguration("Nurture:Email").ValidateDataAnnotations().ValidateOnStart();
        // Read when first used, after the database step at start-up has loaded the key.
        services.AddSingleton(sp => new EmailTokens(() => tokenKey(sp)));
        services.AddSingleton<IVisitLinkReader, EmailVisitLinkReader>();
        services.AddSingleton<EmailTemplateStore>();
        services.AddSingleton<SenderAddresses>();
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<SuppressionList>();
        services.AddSingleton<EmailEvents>();
        services.AddSingleton<SmtpEmailSender>();
        services.AddSingleton<IFlowEmailSender, FlowEmailSender>();
        return services;
    }

    /// <summary>The outbox sender; it sends what flows queue, so the host registers it once the silo is up.</summary>
    public static IServiceCollection AddEmailWorkers(this IServiceCollection services) => services.AddHostedService<OutboxSender>();
}
