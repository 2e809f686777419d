using DotLiquid;

namespace Nurture.Email.Templates;

/// <summary>Checks and renders templates. A template is only stored when every part compiles.</summary>
public static class TemplateRenderer
{
    public const int MaxPartLength = 512 * 1024;

    public static IReadOnlyList<TemplateError> Validate(string subject, string html, string text)
    {
        var errors = new List<TemplateError>();
        foreach (var (part, source, max) in new[] { ("subject", subject, 1000), ("html", html, MaxPartLength), ("text", text, MaxPartLength) })
        {
            if (part != "text" && string.IsNullOrWhiteSpace(source)) errors.Add(new TemplateError(part, 1, "is required"));
            else if (source.Length > max) errors.Add(new TemplateError(part, 1, $"is longer than {max} characters"));
            else if (LiquidCompiler.Check(part, source) is { } error) errors.Add(error);
        }
        return errors;
    }

    public static RenderedEmail Render(EmailTemplate template, Hash model)
    {
        // A subject is one line: a newline from a trait must never become a header break.
        var subject = LiquidCompiler.Compile(template.Subject).Render(model).ReplaceLineEndings(" ").Trim();
        var html = LiquidCompiler.Compile(template.Html).Render(model);
        var text = string.IsNullOrWhiteSpace(template.Text) ? HtmlToText.Convert(html) : LiquidCompiler.Compile(template.Text).Render(model);
        return new RenderedEmail(subject, html, text);
    }
}
