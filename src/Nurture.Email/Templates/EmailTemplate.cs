namespace Nurture.Email.Templates;

/// <summary>
/// An email template: Liquid for the subject, the HTML part and the plain-text part. Version 0 is a
/// draft that was never stored (a preview): it is parsed for each render and never cached.
/// </summary>
public sealed record EmailTemplate(string Id, string Name, string Subject, string Html, string Text, int Version, DateTimeOffset UpdatedAt);

/// <summary>A template rendered for one lead.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>
/// One problem in a template: which part (subject, html, text), where, and why. Line and column are
/// 1-based; both are null for a problem that only shows when rendering (a sandbox limit).
/// </summary>
public sealed record TemplateError(string Part, int? Line, int? Column, string Reason);
