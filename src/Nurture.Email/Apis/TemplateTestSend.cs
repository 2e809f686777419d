using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Nurture.Abstractions;
using Nurture.Email.Outbox;
using Nurture.Email.Sending;
using Nurture.Email.Suppressions;
using Nurture.Email.Templates;
using Nurture.Http;

namespace Nurture.Email.Apis;

/// <summary>
/// <c>POST /api/templates/{id}/test</c>: the template (or the draft in the body) rendered for a lead or the
/// sample lead and sent at once, through the same SMTP sender as every email, to an address the person types.
/// It is marked as a test ("[Test]" in the subject), never counted against the lead's caps, and its opens,
/// clicks and unsubscribes record nothing. One person may send <see cref="EmailOptions.TestSendsPerHour"/> an
/// hour, counted in PostgreSQL across every node, so the button cannot become a way to mail strangers in bulk.
/// </summary>
internal static partial class TemplateTestSend
{
    public sealed record Sent(Guid SendId, string To, string Subject, string Status);

    /// <summary>What the endpoint uses, bundled.</summary>
    public sealed record Services(
        EmailTemplateStore Store, EmailComposer Composer, TemplateRenderer Renderer, SenderAddresses Senders, EmailOutbox Outbox,
        SmtpEmailSender Smtp, SuppressionList Suppressions, IOptions<EmailOptions> Options, IGrainFactory Grains, TimeProvider Time, ILoggerFactory Logs)
    {
        public ILogger Logger { get; } = Logs.CreateLogger(typeof(TemplateTestSend).FullName!);
    }

    public static async Task<IResult> SendAsync(string id, HttpRequest request, Caller? caller, [AsParameters] Services services, CancellationToken ct)
    {
        var (body, bad) = await EmailApi.ReadBodyAsync(request, required: true, ct);
        if (bad is not null) return bad;
        if (body.ValueKind != JsonValueKind.Object) return ApiErrors.BadRequest(JsonPath.Root, "must be a JSON object with to, and leadId or a draft");
        if (Recipient(body, out var reason) is not { } to) return ApiErrors.BadRequest("$.to", reason);
        // Never to an address that bounced or complained: a test is still mail from this server.
        if (await services.Suppressions.ReasonAsync(to, ct) is { } suppressed && suppressed is SuppressionList.Bounced or SuppressionList.Complained)
            return ApiErrors.BadRequest("$.to", $"is never mailed: it {suppressed} before");

        var saved = await services.Store.GetAsync(id, ct);
        var (template, lead, problem) = await EmailApi.DraftAndLeadAsync(id, body, saved, services.Renderer, services.Senders, services.Grains, ct);
        if (problem is not null) return problem;

        var sendId = Guid.NewGuid();
        var origin = OriginOf(caller);
        QueuedEmail email;
        try
        {
            email = services.Composer.ComposeTest(lead!, template!, sendId, origin, to);
        }
        catch (TemplateRenderException ex)
        {
            return EmailApi.Invalid("The template cannot be rendered for this lead.", [ex.Error], template!.Editor);
        }
        var perHour = services.Options.Value.TestSendsPerHour;
        if (await services.Outbox.RecordTestAsync(email, perHour, ct) is { } nextAt)
        {
            LogLimited(services.Logger, origin, perHour);
            var wait = nextAt - services.Time.GetUtcNow();
            return ApiErrors.RetryAfter(StatusCodes.Status429TooManyRequests, wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1), [],
                $"You have sent {perHour} test emails in the last hour, the most one person may; try again later.");
        }

        var result = await services.Smtp.SendAsync(
            new OutgoingEmail(email.Id, email.To, email.Subject, email.Html, email.Text, email.UnsubscribeUrl, email.Sender), ct);
        var sent = result.Outcome == SendOutcome.Sent;
        await services.Outbox.MarkAsync(sendId, sent ? EmailOutbox.Sent : EmailOutbox.Failed, result.Error, CancellationToken.None);
        LogTestSend(services.Logger, sendId, template!.Id, origin, sent ? EmailOutbox.Sent : EmailOutbox.Failed);
        return result.Outcome switch
        {
            SendOutcome.Sent => TypedResults.Ok(new Sent(sendId, to, email.Subject, EmailOutbox.Sent)),
            SendOutcome.TransientFailure => ApiErrors.RetryAfter(StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(30), [],
                $"The mail server did not take the test email for now ({result.Error}); try again in a moment."),
            _ => ApiErrors.Problem(StatusCodes.Status422UnprocessableEntity, [], $"The mail server refused the test email: {result.Error}"),
        };
    }

    private static string? Recipient(JsonElement body, out string reason)
    {
        reason = "is required: the address to send the test to";
        if (!body.TryGetProperty("to", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (JsonBody.Text(value) is not { } text)
        {
            reason = "must be an email address (text)";
            return null;
        }
        return MailAddresses.Check(text, out reason);
    }

    /// <summary>Who asked, as the limit counts them: a user (whichever of their sessions or keys), a key, or the bootstrap keys together.</summary>
    private static string OriginOf(Caller? caller) =>
        caller?.UserId is { } user ? $"test:user:{user:N}" : caller?.KeyId is { } key ? $"test:key:{key:N}" : "test:bootstrap";

    [LoggerMessage(Level = LogLevel.Information, Message = "Test send {SendId} of template {TemplateId} for {Origin}: {Status}")]
    private static partial void LogTestSend(ILogger logger, Guid sendId, string templateId, string origin, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Test sends refused for {Origin}: {PerHour} in the last hour")]
    private static partial void LogLimited(ILogger logger, string origin, int perHour);
}
