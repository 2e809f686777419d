using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;

namespace Nurture.Email.Templates;

/// <summary>
/// Checks and renders templates in the <see cref="TemplateSandbox"/>. A template is only stored when
/// every part parses and renders for the sample lead. Stored templates are parsed once per version and
/// kept (one entry per template id); drafts (version 0) are parsed for each render.
/// </summary>
public sealed class TemplateRenderer(TimeProvider time, TimeSpan? timeout = null)
{
    public const int MaxSubjectLength = 1000;
    public const int MaxPartLength = 512 * 1024;

    private static readonly TemplateModel Sample = TemplateModel.For(TemplateModel.SampleLead(), null, "https://nurture.invalid/e/u/preview");

    private readonly TemplateOptions options = TemplateSandbox.Options(time);
    private readonly TimeSpan renderTimeout = timeout ?? TemplateSandbox.RenderTimeout;
    private readonly ConcurrentDictionary<string, CompiledTemplate> compiled = new(StringComparer.Ordinal);

    /// <summary>The problems of a template, by part; empty when it may be stored.</summary>
    public IReadOnlyList<TemplateError> Validate(string subject, string html, string text, string preheader = "")
    {
        var errors = new List<TemplateError>();
        var parts = new IFluidTemplate?[4];
        var i = 0;
        foreach (var (part, source, max) in new[]
                 {
                     ("subject", subject, MaxSubjectLength), ("html", html, MaxPartLength), ("text", text, MaxPartLength), ("preheader", preheader, MaxSubjectLength),
                 })
        {
            if (part is "subject" or "html" && string.IsNullOrWhiteSpace(source)) errors.Add(new TemplateError(part, 1, null, "is required"));
            else if (source.Length > max) errors.Add(new TemplateError(part, 1, null, $"is longer than {max} characters"));
            else if (!LiquidCompiler.TryCompile(part, source, out parts[i], out var error)) errors.Add(error);
            i++;
        }
        if (errors.Count > 0) return errors;
        // A trial render for the sample lead: a loop that never ends or a filter that always fails is
        // refused now, not at every send. A template may still fail for some lead; a send records why.
        try
        {
            Render(new CompiledTemplate(0, subject, html, text, preheader, parts[0]!, parts[1]!, string.IsNullOrWhiteSpace(text) ? null : parts[2],
                string.IsNullOrWhiteSpace(preheader) ? null : parts[3]), Sample);
        }
        catch (TemplateRenderException ex)
        {
            errors.Add(ex.Error);
        }
        return errors;
    }

    /// <exception cref="TemplateRenderException">A part does not parse (a stored template from an older engine) or breaks a sandbox limit.</exception>
    public RenderedEmail Render(EmailTemplate template, TemplateModel model) =>
        Render(template.Version > 0 ? Stored(template) : Compile(template), model);

    private CompiledTemplate Stored(EmailTemplate template)
    {
        // Sources are compared too, so an entry can never serve other text under the same id and version.
        if (compiled.TryGetValue(template.Id, out var hit) && hit.Version == template.Version
            && hit.Subject == template.Subject && hit.Html == template.Html && hit.Text == template.Text && hit.Preheader == template.Preheader)
            return hit;
        return compiled[template.Id] = Compile(template);
    }

    private static CompiledTemplate Compile(EmailTemplate template)
    {
        var text = string.IsNullOrWhiteSpace(template.Text) ? null : Parse("text", template.Text);
        var preheader = string.IsNullOrWhiteSpace(template.Preheader) ? null : Parse("preheader", template.Preheader);
        return new CompiledTemplate(template.Version, template.Subject, template.Html, template.Text, template.Preheader,
            Parse("subject", template.Subject), Parse("html", template.Html), text, preheader);
    }

    private static IFluidTemplate Parse(string part, string source) =>
        LiquidCompiler.TryCompile(part, source, out var template, out var error) ? template : throw new TemplateRenderException(error);

    private RenderedEmail Render(CompiledTemplate template, TemplateModel model)
    {
        using var deadline = new CancellationTokenSource(renderTimeout, time);
        // A subject is one line: a newline from a trait must never become a header break.
        var subject = RenderPart("subject", template.SubjectTemplate, model, null, deadline.Token).ReplaceLineEndings(" ").Trim();
        // Only the HTML part is markup: values are escaped there, and written as they are in the others.
        var html = RenderPart("html", template.HtmlTemplate, model, TemplateSandbox.Html, deadline.Token);
        var text = template.TextTemplate is null ? HtmlToText.Convert(html) : RenderPart("text", template.TextTemplate, model, null, deadline.Token);
        // Plain text like the subject (one line), escaped where it goes into the HTML.
        var preheader = template.PreheaderTemplate is null ? "" : RenderPart("preheader", template.PreheaderTemplate, model, null, deadline.Token).ReplaceLineEndings(" ").Trim();
        return new RenderedEmail(subject, Preheader.Insert(html, preheader), text) { Preheader = preheader };
    }

    private string RenderPart(string part, IFluidTemplate template, TemplateModel model, TextEncoder? encoder, CancellationToken deadline)
    {
        var context = new TemplateContext(options) { CancellationToken = deadline };
        foreach (var (name, value) in model.Values) context.SetValue(name, value);
        try
        {
            return encoder is null ? template.Render(context) : template.Render(context, encoder);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
        {
            throw new TemplateRenderException(new TemplateError(part, null, null, $"took longer than {renderTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s to render"), ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Limits (steps, output, collection size) and failing filters ("divided by 0") end up here:
            // the template's own doing, so they are reported as its problem, with Fluid's words.
            throw new TemplateRenderException(new TemplateError(part, null, null, ex.Message), ex);
        }
    }

    private sealed record CompiledTemplate(
        int Version, string Subject, string Html, string Text, string Preheader,
        IFluidTemplate SubjectTemplate, IFluidTemplate HtmlTemplate, IFluidTemplate? TextTemplate, IFluidTemplate? PreheaderTemplate);
}
