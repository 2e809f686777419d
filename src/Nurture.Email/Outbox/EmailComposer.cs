using Microsoft.Extensions.Options;
using Nurture.Abstractions.Leads;
using Nurture.Email.Templates;
using Nurture.Email.Tracking;
using Nurture.Scoring;

namespace Nurture.Email.Outbox;

/// <summary>
/// Turns a template and a lead into a send for the outbox: rendered, every link pointed at the signed
/// click redirect, an open pixel added, and the unsubscribe link and header filled in.
/// </summary>
public sealed partial class EmailComposer(
    EmailTokens tokens, TemplateRenderer renderer, IOptions<EmailOptions> options, IScoringModelSource models, TimeProvider time, ILogger<EmailComposer> logger)
{
    /// <summary>Null when the lead has no email address.</summary>
    public QueuedEmail? Compose(LeadState lead, EmailTemplate template, Guid sendId, string origin)
    {
        if (lead.Emails.FirstOrDefault() is not { } to) return null;
        var baseUrl = options.Value.PublicUrl.TrimEnd('/');
        var unsubscribe = $"{baseUrl}/e/u/{tokens.Create(TokenKind.Unsubscribe, sendId, lead.Id)}";
        RenderedEmail rendered;
        try
        {
            rendered = renderer.Render(template, TemplateModel.For(lead, TopInterest(lead), unsubscribe));
        }
        catch (TemplateRenderException ex)
        {
            // Recorded as failed rather than thrown, so a flow moves on and the send says why.
            LogRenderFailed(template.Id, template.Version, lead.Id, ex.Error.Part, ex.Error.Reason);
            return new QueuedEmail(sendId, lead.Id, to, template.Id, "", "", "", [], unsubscribe, lead.TimeZone, origin,
                Status: EmailOutbox.Failed, LastError: $"template {ex.Error.Part}: {ex.Error.Reason}");
        }
        var (html, links) = LinkRewriter.Rewrite(rendered.Html, i => $"{baseUrl}/e/c/{tokens.Create(TokenKind.Click, sendId, lead.Id, i)}", keepAsIs: unsubscribe);
        var pixel = $"<img src=\"{baseUrl}/e/o/{tokens.Create(TokenKind.Open, sendId, lead.Id)}.gif\" width=\"1\" height=\"1\" alt=\"\" />";
        var body = html.Contains("</body>", StringComparison.OrdinalIgnoreCase)
            ? html.Replace("</body>", pixel + "</body>", StringComparison.OrdinalIgnoreCase)
            : html + pixel;
        var email = new QueuedEmail(sendId, lead.Id, to, template.Id, rendered.Subject, body, rendered.Text, links, unsubscribe, lead.TimeZone, origin);
        // Recorded as suppressed rather than dropped, so the send and its reason can be looked up.
        return ConsentProblem(lead) is { } problem ? email with { Status = EmailOutbox.Suppressed, LastError = problem } : email;
    }

    /// <summary>Why the lead's consent forbids marketing email, or null when it allows it.</summary>
    private string? ConsentProblem(LeadState lead) => lead.Consent switch
    {
        { Status: ConsentState.Denied } denied => $"no consent: the lead said no ({denied.Source})",
        { Status: ConsentState.Granted } => null,
        _ when options.Value.RequireConsent => "no consent: Nurture:Email:RequireConsent is on and the lead has not granted it",
        _ => null,
    };

    /// <summary>What a template preview shows: the rendering, without tracking.</summary>
    /// <exception cref="TemplateRenderException">The template breaks a sandbox limit for this lead.</exception>
    public RenderedEmail Preview(LeadState lead, EmailTemplate template) =>
        renderer.Render(template, TemplateModel.For(lead, TopInterest(lead), $"{options.Value.PublicUrl.TrimEnd('/')}/e/u/preview"));

    private string? TopInterest(LeadState lead)
    {
        var report = LeadScorer.Report(lead.Scores, models.Current, time.GetUtcNow(), top: 0);
        return report.Interest.Where(p => p.Value > 0).OrderByDescending(p => p.Value).Select(p => p.Key).FirstOrDefault();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Template {TemplateId} version {Version} cannot be rendered for lead {LeadId}: {Part}: {Reason}")]
    private partial void LogRenderFailed(string templateId, int version, Guid leadId, string part, string reason);
}
