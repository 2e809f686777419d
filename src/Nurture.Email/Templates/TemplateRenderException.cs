namespace Nurture.Email.Templates;

/// <summary>A part that cannot be rendered: a sandbox limit, a filter that failed, or a stored template that no longer parses.</summary>
public sealed class TemplateRenderException(TemplateError error, Exception? inner = null)
    : Exception($"The template's {error.Part} cannot be rendered: {error.Reason}", inner)
{
    public TemplateError Error { get; } = error;
}
