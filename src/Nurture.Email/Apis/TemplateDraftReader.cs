using System.Text.Json;
using Nurture.Abstractions;
using Nurture.Email.Blocks;
using Nurture.Email.Sending;
using Nurture.Email.Templates;
using Nurture.Http;

namespace Nurture.Email.Apis;

/// <summary>
/// A template as the editor sends it (to save, preview or test-send), read field by field so every problem is
/// a 400 under its JSON path: wrong types, a from address outside the allowed list, a reply-to that is not one
/// address, a block design's fields. With <c>editor: "blocks"</c> the HTML and text are made from the design.
/// Liquid itself is checked afterwards by the renderer (<see cref="TemplateRenderer.Validate"/>).
/// </summary>
internal sealed class TemplateDraftReader(SenderAddresses senders)
{
    public const int MaxNameLength = 200;

    /// <summary>Any of these in a preview's or test's body makes it a draft, rendered instead of the saved template.</summary>
    private static readonly string[] DraftFields = ["subject", "html", "text", "preheader", "design", "editor"];

    /// <summary>What was read: the draft (null when no template part was in the body) and the other fields the routes take.</summary>
    public sealed record Result(EmailTemplate? Draft, string? LeadId, string? To, IReadOnlyList<FieldError> Errors);

    /// <summary>
    /// Reads <paramref name="body"/>; the draft is the template <paramref name="id"/> with what the body says,
    /// starting from <paramref name="saved"/> for the sender fields it leaves out (a preview sends only parts).
    /// </summary>
    public Result Read(JsonElement body, string id, EmailTemplate? saved)
    {
        var errors = new List<FieldError>();
        if (body.ValueKind != JsonValueKind.Object) return new Result(null, null, null, [new FieldError(JsonPath.Root, "must be a JSON object")]);
        string? Text(string name) => ReadString(body, name, errors);

        var leadId = Text("leadId");
        var to = Text("to");
        var isDraft = DraftFields.Any(n => body.TryGetProperty(n, out var v) && v.ValueKind != JsonValueKind.Null);
        if (!isDraft) return new Result(null, leadId, to, errors);

        var name = OneLine(body, "name", MaxNameLength, errors) ?? saved?.Name ?? id;
        var subject = Text("subject") ?? "";
        var preheader = Text("preheader") ?? "";
        var html = Text("html") ?? "";
        var text = Text("text") ?? "";
        var fromName = body.TryGetProperty("fromName", out _) ? OneLine(body, "fromName", SenderAddresses.MaxFromNameLength, errors) : saved?.FromName;
        var fromAddress = body.TryGetProperty("fromAddress", out _) ? FromAddress(body, errors) : saved?.FromAddress;
        var replyTo = body.TryGetProperty("replyTo", out _) ? Address(body, "replyTo", errors) : saved?.ReplyTo;

        var editor = Text("editor") ?? TemplateEditors.Html;
        if (editor is not (TemplateEditors.Html or TemplateEditors.Blocks))
        {
            errors.Add(new("$.editor", "must be html or blocks"));
            editor = TemplateEditors.Html;
        }
        BlockDesign? design = null;
        if (body.TryGetProperty("design", out var designJson) && designJson.ValueKind != JsonValueKind.Null)
            design = BlockDesignReader.Read(designJson, "$.design", errors);
        else if (editor == TemplateEditors.Blocks) errors.Add(new("$.design", "is required when the editor is blocks"));
        if (editor == TemplateEditors.Blocks && design is not null) (html, text) = BlockEmailBuilder.Build(design);

        var draft = new EmailTemplate(id, name, subject, html, text, 0, DateTimeOffset.UnixEpoch)
        {
            Preheader = preheader, FromName = fromName, FromAddress = fromAddress, ReplyTo = replyTo, Editor = editor, Design = design,
        };
        return new Result(draft, leadId, to, errors);
    }

    private static string? ReadString(JsonElement body, string name, List<FieldError> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (JsonBody.Text(value) is { } text && !UnicodeText.HasLoneSurrogate(text)) return text;
        errors.Add(new(JsonBody.PathOf(name), value.ValueKind == JsonValueKind.String ? "must not contain invalid Unicode" : "must be text"));
        return null;
    }

    /// <summary>One line of at most <paramref name="maxLength"/> characters, trimmed; blank is null.</summary>
    private static string? OneLine(JsonElement body, string name, int maxLength, List<FieldError> errors)
    {
        var text = ReadString(body, name, errors)?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > maxLength) errors.Add(new(JsonBody.PathOf(name), $"must be at most {maxLength} characters"));
        else if (text.Any(char.IsControl)) errors.Add(new(JsonBody.PathOf(name), "must be one line without control characters"));
        else return text;
        return null;
    }

    private static string? Address(JsonElement body, string name, List<FieldError> errors)
    {
        var text = ReadString(body, name, errors);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (MailAddresses.Check(text, out var reason) is { } address) return address;
        errors.Add(new(JsonBody.PathOf(name), reason));
        return null;
    }

    private string? FromAddress(JsonElement body, List<FieldError> errors)
    {
        var address = Address(body, "fromAddress", errors);
        if (address is null || senders.IsAllowed(address)) return address;
        errors.Add(new("$.fromAddress", $"is not an address this server may send from; choose one of: {string.Join(", ", senders.Allowed)}"));
        return null;
    }
}
