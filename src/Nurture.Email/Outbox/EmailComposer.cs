using Microsoft.Extensions.Options;
using Nurture.Abstractions.Leads;
using Nurture.Email.Sending;
using Nurture.Email.Templates;
using Nurture.Email.Tracking;
using Nurture.Scoring;

namespace Nurture.Email.Outbox;

/// <summary>
/// Turns a template and a lead into a send for the outbox: rendered, every link (of the HTML and of the plain
/// text) pointed at the signed click redirect, an open pixel added, the unsubscribe link and header filled in,
/// and the template's sender (an address no longer allowed falls back to the default).
/// </summary>
public sealed partial class EmailComposer(
    EmailTokens tokens, TemplateRenderer renderer, SenderAddresses senders, IOptions<EmailOptions> options, IScoringModelSource models, TimeProvider time,
    ILogger<EmailComposer> logger)
{
    /// <summary>What a test send's subject starts with, so nobody mistakes it for the real thing.</summary>
    public const string TestSubjectPrefix = "[Test] ";

    /// <summary>Null when the lead has no email address.</summary>
    public QueuedEmail? Compose(LeadState lead, EmailTemplate template, Guid sendId, string origin)
    {
        if (lead.Emails.FirstOrDefault() is not { } to) return null;
        var unsubscribe = UnsubscribeUrl(sendId, lead);
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
        var email = Tracked(lead, template, rendered, sendId, origin, to, unsubscribe);
        // Recorded as suppressed rather than dropped, so the send and its reason can be looked up.
        return ConsentProblem(lead) is { } problem ? email with { Status = EmailOutbox.Suppressed, LastError = problem } : email;
    }

    /// <summary>
    /// A test send of the template as <paramref name="lead"/> would get it, to <paramref name="to"/> instead,
    /// its subject marked "[Test]". Its links are tracked like a real send's, so they can be checked; the
    /// tracking endpoints record nothing for a test (see <see cref="QueuedEmail.IsTest"/>).
    /// </summary>
    /// <exception cref="TemplateRenderException">The template cannot be rendered for this lead.</exception>
    public QueuedEmail ComposeTest(LeadState lead, EmailTemplate template, Guid sendId, string origin, string to)
    {
        var unsubscribe = UnsubscribeUrl(sendId, lead);
        var rendered = renderer.Render(template, TemplateModel.For(lead, TopInterest(lead), unsubscribe));
        var email = Tracked(lead, template, rendered with { Subject = TestSubjectPrefix + rendered.Subject }, sendId, origin, to, unsubscribe);
        return email with { IsTest = true };
    }

    private string UnsubscribeUrl(Guid sendId, LeadState lead) =>
        $"{options.Value.PublicUrl.TrimEnd('/')}/e/u/{tokens.Create(TokenKind.Unsubscribe, sendId, lead.Id)}";

    private QueuedEmail Tracked(LeadState lead, EmailTemplate template, RenderedEmail rendered, Guid sendId, string origin, string to, string unsubscribe)
    {
        var baseUrl = options.Value.PublicUrl.TrimEnd('/');
        var (html, text, links) = LinkRewriter.Rewrite(rendered.Html, rendered.Text,
            i => $"{baseUrl}/e/c/{tokens.Create(TokenKind.Click, sendId, lead.Id, i)}", keepAsIs: unsubscribe);
        var pixel = $"<img src=\"{baseUrl}/e/o/{tokens.Create(TokenKind.Open, sendId, lead.Id)}.gif\" width=\"1\" height=\"1\" alt=\"\" />";
        var body = html.Contains("</body>", StringComparison.OrdinalIgnoreCase)
            ? html.Replace("</body>", pixel + "</body>", StringComparison.OrdinalIgnoreCase)
            : html + pixel;
        var sender = senders.Resolve(template.Id, template.FromAddress, template.FromName, template.ReplyTo);
        return new QueuedEmail(sendId, lead.Id, to, template.Id, rendered.Subject, body, text, links, unsubscribe, lead.TimeZone, origin,
            Sender: sender == new Sender(null, null, null) ? null : sender);
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
