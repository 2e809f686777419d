using Nurture.Email.Blocks;

namespace Nurture.Email.Templates;

/// <summary>
/// An email template: Liquid for the subject, the preheader, the HTML part and the plain-text part, and who it
/// is from. Version 0 is a draft that was never stored (a preview or a test send): it is parsed for each
/// render and never cached. A template built from blocks keeps its <see cref="Design"/>: with
/// <see cref="Editor"/> "blocks" the HTML and text are made from it; with "html" they are edited by hand and
/// the design, when there is one, is only where they started.
/// </summary>
public sealed record EmailTemplate(string Id, string Name, string Subject, string Html, string Text, int Version, DateTimeOffset UpdatedAt)
{
    /// <summary>The line mail apps show after the subject in the inbox (hidden in the message itself).</summary>
    public string Preheader { get; init; } = "";

    /// <summary>Null: the default sender's name (Nurture:Smtp:FromName).</summary>
    public string? FromName { get; init; }

    /// <summary>Null: the default sender (Nurture:Smtp:From). Otherwise one of Nurture:Email:AllowedFromAddresses.</summary>
    public string? FromAddress { get; init; }

    /// <summary>Null: replies go to the from address.</summary>
    public string? ReplyTo { get; init; }

    public string Editor { get; init; } = TemplateEditors.Html;

    public BlockDesign? Design { get; init; }
}

/// <summary>Which editor owns a template's HTML and text.</summary>
public static class TemplateEditors
{
    public const string Html = "html";
    public const string Blocks = "blocks";
}

/// <summary>A template rendered for one lead. The HTML carries the preheader as its hidden first text.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text)
{
    public string Preheader { get; init; } = "";
}

/// <summary>
/// One problem in a template: which part (subject, preheader, html, text), where, and why. Line and column are
/// 1-based; both are null for a problem that only shows when rendering (a sandbox limit).
/// </summary>
public sealed record TemplateError(string Part, int? Line, int? Column, string Reason);
