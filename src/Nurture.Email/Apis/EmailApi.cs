using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using Nurture.Abstractions;
using Nurture.Email.Templates;
using Nurture.Http;
using Nurture.Abstractions.Leads;
using Nurture.Email.Outbox;
using Nurture.Email.Suppressions;

namespace Nurture.Email.Apis;

/// <summary>Email templates (Liquid, checked with line and column), previews, sends to a lead, and bounce notices.</summary>
public static partial class EmailApi
{
    public sealed record TemplateRequest(string? Name, string? Subject, string? Html, string? Text);

    /// <summary>Where a template error is, for an editor to put a marker: the part's JSON path, line and column.</summary>
    public sealed record TemplateLocation(string Path, int Line, int Column);

    public static RouteGroupBuilder MapEmailApi(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/templates").WithTags("Email").AllowRoles(Roles.Admin, Roles.Marketer);
        templates.MapGet("/", async (EmailTemplateStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        templates.MapGet("/{id}", GetTemplateAsync);
        templates.MapPut("/{id}", SaveTemplateAsync);
        templates.MapPost("/{id}/preview", PreviewAsync);
        api.MapPost("/leads/{id}/emails", SendToLeadAsync).WithTags("Email").AllowRoles(Roles.Admin, Roles.Marketer);
        api.MapGet("/email/sends/{id}", GetSendAsync).WithTags("Email").AllowRoles(Roles.Admin, Roles.Marketer);
        // Marketer too, so the mail server's bounce forwarder can run on a key that cannot manage users.
        api.MapPost("/email/bounces", BounceAsync).WithTags("Email").AllowRoles(Roles.Admin, Roles.Marketer);
        return api;
    }

    private static async Task<IResult> GetTemplateAsync(string id, EmailTemplateStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } template ? TypedResults.Ok(template) : ApiErrors.NotFound("The template");

    private static async Task<IResult> SaveTemplateAsync(string id, TemplateRequest? body, EmailTemplateStore store, TemplateRenderer renderer, CancellationToken ct)
    {
        if (!TemplateId().IsMatch(id)) return ApiErrors.BadRequest("id", "must be 1 to 100 lower-case letters, digits, '-' or '_'");
        if (body is null) return ApiErrors.BadRequest(JsonPath.Root, "must be a JSON object with name, subject, html and text");
        var name = string.IsNullOrWhiteSpace(body.Name) ? id : body.Name.Trim();
        if (name.Length > 200) return ApiErrors.BadRequest("$.name", "must be at most 200 characters");
        var errors = renderer.Validate(body.Subject ?? "", body.Html ?? "", body.Text ?? "");
        if (errors.Count > 0) return Invalid("The template is invalid.", errors);
        return TypedResults.Ok(await store.SaveAsync(id, name, body.Subject!, body.Html!, body.Text ?? "", ct));
    }

    /// <summary>
    /// Renders the saved template, or a draft of it when the body carries subject, html or text (the
    /// console's live preview), for a lead (leadId) or a sample lead. A draft is checked as a save would be.
    /// </summary>
    private static async Task<IResult> PreviewAsync(
        string id, HttpRequest request, EmailTemplateStore store, EmailComposer composer, TemplateRenderer renderer, IGrainFactory grains, CancellationToken ct)
    {
        PreviewRequest? body = null;
        if (request.ContentLength is not (0 or null) || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync<PreviewRequest>(request.Body, JsonSerializerOptions.Web, ct);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // InvalidOperationException: a string the reader cannot decode, such as an escaped lone surrogate.
                return ApiErrors.BadRequest((ex as JsonException)?.Path ?? JsonPath.Root, "must be a JSON object with leadId (text), and subject, html and text for a draft");
            }
        }
        Guid? leadId = null;
        if (body?.LeadId is { } text)
        {
            if (!Guid.TryParse(text, out var parsed)) return ApiErrors.BadRequest("$.leadId", "must be a lead id (a UUID)");
            leadId = parsed;
        }
        var template = await store.GetAsync(id, ct);
        if (body is { Subject: not null } or { Html: not null } or { Text: not null })
        {
            if (!TemplateId().IsMatch(id)) return ApiErrors.BadRequest("id", "must be 1 to 100 lower-case letters, digits, '-' or '_'");
            var errors = renderer.Validate(body.Subject ?? "", body.Html ?? "", body.Text ?? "");
            if (errors.Count > 0) return Invalid("The template is invalid.", errors);
            template = new EmailTemplate(id, template?.Name ?? id, body.Subject ?? "", body.Html ?? "", body.Text ?? "", 0, DateTimeOffset.UnixEpoch);
        }
        if (template is null) return ApiErrors.NotFound("The template");
        var lead = TemplateModel.SampleLead();
        if (leadId is { } chosen)
        {
            if (await LeadResolver.ResolveAsync(grains, chosen) is not { } state) return ApiErrors.NotFound("The lead");
            lead = state;
        }
        try
        {
            return TypedResults.Ok(composer.Preview(lead, template));
        }
        catch (TemplateRenderException ex)
        {
            // A template that renders for the sample lead may still break a limit for this lead.
            return Invalid("The template cannot be rendered for this lead.", [ex.Error]);
        }
    }

    /// <summary>
    /// Template errors under their part's JSON path (<c>$.html</c>), the reason saying where when the engine
    /// knows ("line 3, column 5: …"), and the same places in <c>locations</c> for an editor's markers.
    /// </summary>
    private static IResult Invalid(string detail, IReadOnlyList<TemplateError> errors)
    {
        static string PathOf(TemplateError e) => JsonPath.Member(JsonPath.Root, e.Part);
        var keyed = errors.Select(e => new FieldError(PathOf(e),
            e is { Line: { } line, Column: { } column } ? $"line {line}, column {column}: {e.Reason}" : e.Reason));
        var locations = errors.Where(e => e is { Line: not null, Column: not null })
            .Select(e => new TemplateLocation(PathOf(e), e.Line!.Value, e.Column!.Value)).ToList();
        return ApiErrors.Problem(StatusCodes.Status400BadRequest, keyed, detail, new Dictionary<string, object?> { ["locations"] = locations });
    }

    public sealed record PreviewRequest(string? LeadId, string? Subject, string? Html, string? Text);

    /// <summary>Queues a template for one lead. An optional `key` makes retries of the same request send once.</summary>
    private static async Task<IResult> SendToLeadAsync(
        string id, HttpRequest request, EmailTemplateStore store, EmailComposer composer, EmailOutbox outbox, IGrainFactory grains, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var leadId)) return ApiErrors.BadRequest("id", "must be a lead id (a UUID)");
        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(request.Body, cancellationToken: ct)).RootElement;
        }
        catch (JsonException ex)
        {
            return ApiErrors.BadRequest(JsonPath.Root, $"is not valid JSON: {ex.Message}");
        }
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("templateId", out var t) || t.ValueKind != JsonValueKind.String)
            return ApiErrors.BadRequest("$.templateId", "is required");
        var key = body.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        if (key is { Length: 0 or > 200 }) return ApiErrors.BadRequest("$.key", "must be 1 to 200 characters");
        var template = await store.GetAsync(t.GetString()!, ct);
        if (template is null) return ApiErrors.BadRequest("$.templateId", "is not a known template");
        if (await LeadResolver.ResolveAsync(grains, leadId) is not { } lead) return ApiErrors.NotFound("The lead");

        var sendId = key is null ? Guid.NewGuid() : StableGuid.From($"api:{lead.Id:N}:{key}");
        var email = composer.Compose(lead, template, sendId, key is null ? "api" : $"api:{key}");
        if (email is null) return ApiErrors.BadRequest("id", "the lead has no email address");
        var queued = await outbox.EnqueueAsync(email, ct);
        return TypedResults.Json(new { sendId, queued }, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> GetSendAsync(string id, EmailOutbox outbox, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var sendId)) return ApiErrors.BadRequest("id", "must be a send id (a UUID)");
        return await outbox.GetAsync(sendId, ct) is { } send
            ? TypedResults.Ok(new { send.Id, send.LeadId, send.To, send.TemplateId, send.Subject, send.Status, send.Attempts, send.LastError, send.SentAt, send.Origin })
            : ApiErrors.NotFound("The send");
    }

    /// <summary>
    /// A bounce or complaint notice as a raw message (RFC 3464 delivery status, or an RFC 5965 abuse
    /// report): the failed recipients are suppressed so they are never mailed again.
    /// </summary>
    private static async Task<IResult> BounceAsync(HttpRequest request, SuppressionList suppressions, CancellationToken ct)
    {
        MimeMessage message;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            if (buffer.Length == 0 || buffer.Length > 5 * 1024 * 1024) return ApiErrors.BadRequest(JsonPath.Root, "must be one raw email message of at most 5 MB");
            buffer.Position = 0;
            message = await MimeMessage.LoadAsync(buffer, ct);
        }
        catch (FormatException ex)
        {
            return ApiErrors.BadRequest(JsonPath.Root, $"is not a MIME message: {ex.Message}");
        }
        var (bounced, complained) = DeliveryNotices.Read(message);
        foreach (var address in bounced) await suppressions.AddAsync(address, SuppressionList.Bounced, ct);
        foreach (var address in complained) await suppressions.AddAsync(address, SuppressionList.Complained, ct);
        return TypedResults.Ok(new { bounced, complained });
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,99}$")]
    private static partial Regex TemplateId();
}
