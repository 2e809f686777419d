using Nurture.Abstractions.Leads;
using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Nurture.Email.Tracking;
using Nurture.Http;
using Nurture.Email.Outbox;
using Nurture.Email.Suppressions;

namespace Nurture.Email.Apis;

/// <summary>
/// The links inside emails: open pixel, click redirect, unsubscribe page and one-click unsubscribe.
/// Every token is signed; a forged or altered one answers 404 and records nothing.
/// </summary>
public static class EmailTrackingApi
{
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    /// <summary>
    /// The public routes under /e. They answer anyone on the internet, so the host puts the group under its
    /// per-address limit for email links (<c>.RequireRateLimiting(PublicRateLimits.EmailLinks)</c>), beside the other public limits.
    /// </summary>
    public static RouteGroupBuilder MapEmailTrackingApi(this IEndpointRouteBuilder app)
    {
        var e = app.MapGroup("/e").ExcludeFromDescription();
        e.MapGet("/o/{token}", OpenAsync);
        e.MapMethods("/c/{token}", [HttpMethods.Get, HttpMethods.Head], ClickAsync);
        e.MapGet("/u/{token}", UnsubscribePage);
        e.MapPost("/u/{token}", UnsubscribeAsync).DisableAntiforgery();
        return e;
    }

    private static async Task<IResult> OpenAsync(
        string token, HttpContext http, EmailTokens tokens, EmailOutbox outbox, EmailEvents events, TimeProvider time, IOptions<EmailOptions> options)
    {
        var raw = token.EndsWith(".gif", StringComparison.Ordinal) ? token[..^4] : token;
        if (!tokens.TryRead(raw, TokenKind.Open, out var open)) return ApiErrors.NotFound("The link");
        var send = await outbox.GetAsync(open.SendId, http.RequestAborted);
        if (send is null) return ApiErrors.NotFound("The link");
        // A test send's opens are the tester's: they count nowhere.
        if (!send.IsTest)
        {
            // A privacy proxy or gateway prefetching the pixel is stored apart from the reader's open.
            var sinceSend = send.SentAt is { } sent ? time.GetUtcNow() - sent : TimeSpan.Zero;
            var machine = MailProxies.IsProxyOpen(UserAgent(http), sinceSend, options.Value.ProxyOpenWindow) ? EmailEvents.ProxyMachine : null;
            await events.RecordAsync(EmailEvents.Open, open.LeadId, open.SendId, send.TemplateId, null, machine, UserAgent(http), http.RequestAborted);
        }
        http.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate, max-age=0";
        return TypedResults.File(Pixel, "image/gif");
    }

    private static async Task<IResult> ClickAsync(string token, HttpContext http, EmailTokens tokens, EmailOutbox outbox, EmailEvents events, TimeProvider time,
        IOptions<EmailOptions> options)
    {
        if (!tokens.TryRead(token, TokenKind.Click, out var click)) return ApiErrors.NotFound("The link");
        var send = await outbox.GetAsync(click.SendId, http.RequestAborted);
        // Only a link that was in this email: never an open redirect.
        if (send is null || click.Link >= send.Links.Count) return ApiErrors.NotFound("The link");
        var target = send.Links[click.Link];
        // A test's links go where they lead, recording nothing and tying the tester's browser to no lead.
        if (send.IsTest) return TypedResults.Redirect(target);
        var sinceSend = send.SentAt is { } sent ? time.GetUtcNow() - sent : TimeSpan.Zero;
        var machine = LinkScanners.IsScanner(UserAgent(http), http.Request.Method, sinceSend, options.Value.ScannerClickWindow);
        await events.RecordAsync(EmailEvents.Click, click.LeadId, click.SendId, send.TemplateId, target, machine ? EmailEvents.ScannerMachine : null, UserAgent(http),
            http.RequestAborted, [("link", click.Link.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        // The website's tracker sends `nt` back with the page view, so the visit joins this lead.
        var visit = tokens.Create(TokenKind.Visit, click.SendId, click.LeadId);
        return TypedResults.Redirect(QueryHelpers.AddQueryString(target, "nt", visit));
    }

    /// <summary>A GET only shows the page: link scanners must not unsubscribe people by following links.</summary>
    private static async Task<IResult> UnsubscribePage(string token, HttpContext http, EmailTokens tokens, EmailOutbox outbox)
    {
        if (!tokens.TryRead(token, TokenKind.Unsubscribe, out var unsubscribe)) return ApiErrors.NotFound("The link");
        if ((await outbox.GetAsync(unsubscribe.SendId, http.RequestAborted))?.IsTest == true) return TestPage;
        return Page("Unsubscribe", $"""
            <p>Stop receiving these emails?</p>
            <form method="post" action="/e/u/{WebUtility.HtmlEncode(token)}"><button type="submit">Unsubscribe</button></form>
            """);
    }

    /// <summary>The form's POST and RFC 8058 one-click POSTs from mail apps land here alike.</summary>
    private static async Task<IResult> UnsubscribeAsync(
        string token, HttpContext http, EmailTokens tokens, EmailOutbox outbox, SuppressionList suppressions, EmailEvents events,
        IGrainFactory grains, TimeProvider time)
    {
        if (!tokens.TryRead(token, TokenKind.Unsubscribe, out var unsubscribe)) return ApiErrors.NotFound("The link");
        var send = await outbox.GetAsync(unsubscribe.SendId, http.RequestAborted);
        if (send is null) return ApiErrors.NotFound("The link");
        if (send.IsTest) return TestPage;
        await suppressions.AddAsync(send.To, SuppressionList.Unsubscribed, http.RequestAborted);
        await events.RecordAsync(EmailEvents.Unsubscribe, unsubscribe.LeadId, unsubscribe.SendId, send.TemplateId, null, machine: null, UserAgent(http), http.RequestAborted);
        // The person said no: the lead's consent says so too, with where and when.
        await grains.GetGrain<ILeadGrain>(unsubscribe.LeadId).UpdateAsync(new LeadUpdate
        {
            Actor = "unsubscribe", At = time.GetUtcNow(),
            Consent = new ConsentState(ConsentState.Denied, $"unsubscribe link in {send.TemplateId}", time.GetUtcNow()),
        });
        return Page("Unsubscribed", "<p>You are unsubscribed and will not receive these emails any more.</p>");
    }

    /// <summary>A test send's unsubscribe link works as a real one would look, and changes nothing.</summary>
    private static ContentHttpResult TestPage => Page("Test email",
        "<p>This was a test email from the template editor: its unsubscribe link changes nothing, and nobody was unsubscribed.</p>");

    private static string? UserAgent(HttpContext http) => http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null;

    private static ContentHttpResult Page(string title, string body) => TypedResults.Content(
        $"<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title></head><body>{body}</body></html>",
        "text/html; charset=utf-8");
}
