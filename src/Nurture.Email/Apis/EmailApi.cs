using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using Nurture.Abstractions;
using Nurture.Email.Templates;
using Nurture.Http;
using Nurture.Abstractions.Leads;
using Nurture.Email.Outbox;
using Nurture.Email.Sending;
using Nurture.Email.Suppressions;
using Nurture.Email.Tracking;

namespace Nurture.Email.Apis;

/// <summary>Email templates (Liquid, checked with line and column), previews, test sends, sends to a lead, and bounce notices.</summary>
public static partial class EmailApi
{
    /// <summary>Where a template error is, for an editor to put a marker: the part's JSON path, line and column.</summary>
    public sealed record TemplateLocation(string Path, int Line, int Column);

    /// <summary>The senders a template may choose: the default first.</summary>
    public sealed record SenderChoices(string DefaultAddress, string DefaultName, IReadOnlyList<string> Allowed);

    /// <summary>A preview: the rendering, and for a block template the HTML and text made from its blocks (Liquid, before rendering).</summary>
    public sealed record PreviewResult(string Subject, string Preheader, string Html, string Text, TemplateSource? Source);

    public sealed record TemplateSource(string Html, string Text);

    public static RouteGroupBuilder MapEmailApi(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/templates").WithTags("Email").AllowRoles(Roles.Admin, Roles.Marketer);
        templates.MapGet("/", async (EmailTemplateStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)));
        templates.MapGet("/{id}", GetTemplateAsync);
        templates.MapPut("/{id}", SaveTemplateAsync);
        templates.MapPost("/{id}/preview", PreviewAsync);
        templates.MapPost("/{id}/test", TemplateTestSend.SendAsync);
        api.MapGet("/email/senders", (SenderAddresses senders) => TypedResults.Ok(new SenderChoices(senders.DefaultAddress, senders.DefaultName, senders.Allowed)))
            .WithTags("Email").AllowRoles(Roles.Admin, Roles.Marketer);
        api.MapPost("/leads/{id}/emails", SendToLeadAsync).WithTags("Email").AllowRoles(Roles.Admin, Roles.Marketer);
        api.MapGet("/email/sends/{id}", GetSendAsync).WithTags("Email").AllowRoles(Roles.Admin, Roles.Marketer);
        // Marketer too, so the mail server's bounce forwarder can run on a key that cannot manage users.
        api.MapPost("/email/bounces", BounceAsync).WithTags("Email").AllowRoles(Roles.Admin, Roles.Marketer);
        return api;
    }

    private static async Task<IResult> GetTemplateAsync(string id, EmailTemplateStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } template ? TypedResults.Ok(template) : ApiErrors.NotFound("The template");

    private static async Task<IResult> SaveTemplateAsync(
        string id, HttpRequest request, EmailTemplateStore store, TemplateRenderer renderer, SenderAddresses senders, CancellationToken ct)
    {
        if (!TemplateId().IsMatch(id)) return ApiErrors.BadRequest("id", "must be 1 to 100 lower-case letters, digits, '-' or '_'");
        var (body, bad) = await ReadBodyAsync(request, required: true, ct);
        if (bad is not null) return bad;
        var read = new TemplateDraftReader(senders).Read(body, id, saved: null);
        if (read.Errors.Count > 0) return ApiErrors.BadRequest(read.Errors);
        if (read.Draft is not { } draft) return ApiErrors.BadRequest(JsonPath.Root, "must be a JSON object with name, subject, html and text (or editor \"blocks\" and a design)");
        if (CheckParts(renderer, draft) is { } invalid) return invalid;
        return TypedResults.Ok(await store.SaveAsync(draft, ct));
    }

    /// <summary>
    /// Renders the saved template, or a draft of it when the body carries any of its parts (the console's live
    /// preview), for a lead (leadId) or a sample lead. A draft is checked as a save would be.
    /// </summary>
    private static async Task<IResult> PreviewAsync(
        string id, HttpRequest request, EmailTemplateStore store, EmailComposer composer, TemplateRenderer renderer, SenderAddresses senders,
        IGrainFactory grains, CancellationToken ct)
    {
        var (body, bad) = await ReadBodyAsync(request, required: false, ct);
        if (bad is not null) return bad;
        var saved = await store.GetAsync(id, ct);
        var (template, lead, problem) = await DraftAndLeadAsync(id, body, saved, renderer, senders, grains, ct);
        if (problem is not null) return problem;
        try
        {
            var rendered = composer.Preview(lead!, template!);
            var source = template!.Editor == TemplateEditors.Blocks ? new TemplateSource(template.Html, template.Text) : null;
            return TypedResults.Ok(new PreviewResult(rendered.Subject, rendered.Preheader, rendered.Html, rendered.Text, source));
        }
        catch (TemplateRenderException ex)
        {
            // A template that renders for the sample lead may still break a limit for this lead.
            return Invalid("The template cannot be rendered for this lead.", [ex.Error], template!.Editor);
        }
    }

    /// <summary>
    /// What preview and test sends share: the template (the draft in the body, checked as a save would be, or the
    /// saved one) and the lead to render it for (leadId, or the sample lead); otherwise the answer to give.
    /// </summary>
    internal static async Task<(EmailTemplate? Template, LeadState? Lead, IResult? Problem)> DraftAndLeadAsync(
        string id, JsonElement body, EmailTemplate? saved, TemplateRenderer renderer, SenderAddresses senders, IGrainFactory grains, CancellationToken ct)
    {
        var read = body.ValueKind == JsonValueKind.Undefined
            ? new TemplateDraftReader.Result(null, null, null, [])
            : new TemplateDraftReader(senders).Read(body, id, saved);
        var errors = read.Errors.ToList();
        Guid? leadId = null;
        if (read.LeadId is { Length: > 0 } text)
        {
            if (Guid.TryParse(text, out var parsed)) leadId = parsed;
            else errors.Add(new FieldError("$.leadId", "must be a lead id (a UUID)"));
        }
        if (errors.Count > 0) return (null, null, ApiErrors.BadRequest(errors));
        var template = saved;
        if (read.Draft is { } draft)
        {
            if (!TemplateId().IsMatch(id)) return (null, null, ApiErrors.BadRequest("id", "must be 1 to 100 lower-case letters, digits, '-' or '_'"));
            if (CheckParts(renderer, draft) is { } invalid) return (null, null, invalid);
            template = draft;
        }
        if (template is null) return (null, null, ApiErrors.NotFound("The template"));
        var lead = TemplateModel.SampleLead();
        if (leadId is { } chosen)
        {
            if (await LeadResolver.ResolveAsync(grains, chosen) is not { } state) return (null, null, ApiErrors.NotFound("The lead"));
            lead = state;
        }
        return (template, lead, null);
    }

    /// <summary>The renderer's check of every Liquid part; a block template's HTML problems are its design's.</summary>
    private static IResult? CheckParts(TemplateRenderer renderer, EmailTemplate draft)
    {
        var errors = renderer.Validate(draft.Subject, draft.Html, draft.Text, draft.Preheader);
        return errors.Count > 0 ? Invalid("The template is invalid.", errors, draft.Editor) : null;
    }

    /// <summary>The body as JSON (undefined when it is empty and <paramref name="required"/> is false), or the 400 to answer.</summary>
    internal static async Task<(JsonElement Body, IResult? Error)> ReadBodyAsync(HttpRequest request, bool required, CancellationToken ct)
    {
        if (!required && request.ContentLength is 0 or null && !request.Headers.ContainsKey("Transfer-Encoding")) return (default, null);
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (default, ApiErrors.BadRequest(JsonPath.Root, $"is not valid JSON: {ex.Message}"));
        }
    }

    /// <summary>
    /// Template errors under their part's JSON path (<c>$.html</c>), the reason saying where when the engine
    /// knows ("line 3, column 5: …"), and the same places in <c>locations</c> for an editor's markers.
    /// </summary>
    internal static IResult Invalid(string detail, IReadOnlyList<TemplateError> errors, string editor)
    {
        // A block template's HTML and text are made from its design: a problem there is the design's to fix,
        // and a line of the made HTML means nothing to the person who edits blocks.
        var fromBlocks = editor == TemplateEditors.Blocks;
        errors = [.. errors.Select(e => fromBlocks && e.Part is "html" or "text" ? new TemplateError("design", null, null, e.Reason) : e)];
        static string PathOf(TemplateError e) => JsonPath.Member(JsonPath.Root, e.Part);
        var keyed = errors.Select(e => new FieldError(PathOf(e),
            e is { Line: { } line, Column: { } column } ? $"line {line}, column {column}: {e.Reason}" : e.Reason));
        var locations = errors.Where(e => e is { Line: not null, Column: not null })
            .Select(e => new TemplateLocation(PathOf(e), e.Line!.Value, e.Column!.Value)).ToList();
        return ApiErrors.Problem(StatusCodes.Status400BadRequest, keyed, detail, new Dictionary<string, object?> { ["locations"] = locations });
    }

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
    private static async Task<IResult> BounceAsync(HttpRequest request, SuppressionList suppressions, EmailOutbox outbox, EmailEvents events, CancellationToken ct)
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
        // The email performance report counts bounces and complaints per send: record each send the notice names.
        var sends = 0;
        foreach (var (sendId, kind) in NoticeSends.Read(message))
        {
            if (await outbox.GetAsync(sendId, ct) is not { IsTest: false } send) continue;
            if (kind == NoticeKind.Complaint) await events.RecordAsync(EmailEvents.Complaint, send.LeadId, sendId, send.TemplateId, null, null, null, ct);
            else await events.RecordAsync(EmailEvents.Bounce, send.LeadId, sendId, send.TemplateId, null, null, null, ct,
                [("bounce", kind == NoticeKind.HardBounce ? "hard" : "soft")]);
            sends++;
        }
        return TypedResults.Ok(new { bounced, complained, sends });
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,99}$")]
    internal static partial Regex TemplateId();
}
