namespace Nurture.Email.Templates;

/// <summary>An email template: Liquid for the subject, the HTML part and the plain-text part.</summary>
public sealed record EmailTemplate(string Id, string Name, string Subject, string Html, string Text, int Version, DateTimeOffset UpdatedAt);

/// <summary>A template rendered for one lead.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>One problem in a template: which part (subject, html, text), the line, and why.</summary>
public sealed record TemplateError(string Part, int Line, string Reason);
