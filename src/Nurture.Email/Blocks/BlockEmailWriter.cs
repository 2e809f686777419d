using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nurture.Email.Blocks;

/// <summary>
/// Writes a block design as email HTML that the major mail apps render alike: tables for layout (Outlook
/// on Windows renders with Word), a 600 px column centred on a grey page, styles in a stylesheet that
/// <see cref="CssInliner"/> moves into style attributes (Gmail and others drop most of a stylesheet), and a
/// second stylesheet of media queries, kept as it is, that stacks the two columns and narrows the margins on
/// phones. Outlook gets its fixed-width tables in conditional comments. Also writes the plain-text part.
/// </summary>
public static partial class BlockEmailWriter
{
    /// <summary>The content column: 600 px less 24 px on each side.</summary>
    public const int ContentWidth = 552;
    public const int ColumnWidth = ContentWidth / 2;
    /// <summary>A column's picture: its width less 8 px on each side.</summary>
    public const int ColumnImageWidth = ColumnWidth - 16;
    public const string MobileStyleId = "nurture-mobile";

    private const string Fonts = "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', Meiryo, Roboto, 'Helvetica Neue', Arial, sans-serif";

    /// <summary>
    /// The title mail apps and browsers show for the message: the first heading, escaped, or empty. Set after
    /// inlining (<see cref="BlockEmailBuilder"/>): an HTML parser reads a title's content as text and writes it
    /// back unescaped, which would let "&lt;/title&gt;" in a heading end it.
    /// </summary>
    public static string Title(BlockDesign design) =>
        design.Blocks.FirstOrDefault(b => b.Type == BlockTypes.Heading)?.Text is { } heading ? LiquidText.Html(heading) : "";

    /// <summary>The HTML (stylesheet not yet inlined, title empty) and the plain text, both Liquid.</summary>
    public static (string Html, string Text) Write(BlockDesign design)
    {
        var body = new StringBuilder();
        var footer = "";
        var headings = 0;
        foreach (var block in design.Blocks)
        {
            switch (block.Type)
            {
                case BlockTypes.Heading:
                    var level = headings++ == 0 ? "h1" : "h2";
                    Row(body, "block", $"<{level} class=\"heading {level}\">{LiquidText.Html(block.Text!)}</{level}>");
                    break;
                case BlockTypes.Text:
                    Row(body, "block", Paragraphs(block.Text!));
                    break;
                case BlockTypes.Image:
                    var image = Image(block.Url!, block.Alt ?? "", ContentWidth, "image");
                    Row(body, "block", block.Link is { } link ? $"<a href=\"{LiquidText.Html(link)}\" class=\"image-link\">{image}</a>" : image);
                    break;
                case BlockTypes.Button:
                    Row(body, "block button-row", Button(block.Label!, block.Url!, design.AccentColor));
                    break;
                case BlockTypes.Divider:
                    Row(body, "block", "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td class=\"divider\">&nbsp;</td></tr></table>");
                    break;
                case BlockTypes.Columns:
                    body.Append("<tr><td class=\"columns\" align=\"center\">")
                        .Append(CultureInfo.InvariantCulture, $"<!--[if mso]><table role=\"presentation\" width=\"{ContentWidth}\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td width=\"{ColumnWidth}\" valign=\"top\"><![endif]-->")
                        .Append(Column(block.Left!))
                        .Append(CultureInfo.InvariantCulture, $"<!--[if mso]></td><td width=\"{ColumnWidth}\" valign=\"top\"><![endif]-->")
                        .Append(Column(block.Right!))
                        .Append("<!--[if mso]></td></tr></table><![endif]-->")
                        .Append("</td></tr>\n");
                    break;
                case BlockTypes.Footer:
                    footer = Footer(block);
                    break;
            }
        }
        var html = $"""
            <!DOCTYPE html>
            <html lang="{Language(design)}" xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="X-UA-Compatible" content="IE=edge">
            <meta name="x-apple-disable-message-reformatting">
            <meta name="format-detection" content="telephone=no, date=no, address=no, email=no">
            <title></title>
            <!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->
            <style>{Stylesheet(design.AccentColor)}</style>
            <style id="{MobileStyleId}">{MobileStylesheet}</style>
            </head>
            <body class="body">
            <table role="presentation" class="page" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f3f4f6">
            <tr><td class="page-cell" align="center">
            <!--[if mso]><table role="presentation" width="600" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
            <table role="presentation" class="container" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff">
            <tr><td class="spacer" height="16">&nbsp;</td></tr>
            {body}<tr><td class="spacer" height="16">&nbsp;</td></tr>
            </table>
            {footer}<!--[if mso]></td></tr></table><![endif]-->
            </td></tr>
            </table>
            </body>
            </html>
            """;
        return (html.ReplaceLineEndings("\n"), PlainText(design));
    }

    private static void Row(StringBuilder body, string cellClass, string content) =>
        body.Append("<tr><td class=\"").Append(cellClass).Append("\">").Append(content).Append("</td></tr>\n");

    /// <summary>Blank lines part paragraphs; a single line break stays one.</summary>
    private static string Paragraphs(string text)
    {
        var paragraphs = BlankLine().Split(text.ReplaceLineEndings("\n").Trim('\n')).Where(p => p.Trim().Length > 0).ToList();
        return string.Concat(paragraphs.Select((p, i) =>
            $"<p class=\"{(i == paragraphs.Count - 1 ? "paragraph-last" : "paragraph")}\">{LiquidText.HtmlLines(p.Trim('\n'))}</p>"));
    }

    /// <summary>
    /// The width in pixels as an attribute (Outlook sizes pictures by it), never in the stylesheet: PreMailer turns
    /// a CSS width into the attribute. max-width narrows it on small screens; the mobile styles widen it to the column.
    /// </summary>
    private static string Image(string url, string alt, int width, string cssClass) =>
        $"<img src=\"{LiquidText.Html(url)}\" alt=\"{LiquidText.Html(alt)}\" width=\"{width}\" class=\"{cssClass}\">";

    /// <summary>A button as a table cell: the colour shows in every app, Outlook's included, and the whole cell is the link elsewhere.</summary>
    private static string Button(string label, string url, string accent) =>
        "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" align=\"center\"><tr>" +
        $"<td class=\"button-cell\" bgcolor=\"{accent}\" align=\"center\"><a href=\"{LiquidText.Html(url)}\" class=\"button-link\">{LiquidText.Html(label)}</a></td>" +
        "</tr></table>";

    private static string Column(BlockColumn column)
    {
        var content = new StringBuilder();
        if (!string.IsNullOrEmpty(column.ImageUrl)) content.Append(Image(column.ImageUrl, column.ImageAlt ?? "", ColumnImageWidth, "column-image"));
        if (!string.IsNullOrWhiteSpace(column.Text)) content.Append(Paragraphs(column.Text));
        return $"<div class=\"column\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td class=\"column-cell\">{content}</td></tr></table></div>";
    }

    /// <summary>Below the white card, on the page: the sender's words and the unsubscribe link (never tracked).</summary>
    private static string Footer(EmailBlock footer)
    {
        var text = string.IsNullOrWhiteSpace(footer.Text) ? "" : $"{LiquidText.HtmlLines(footer.Text.Trim())}<br><br>";
        return $"<table role=\"presentation\" class=\"footer-table\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td class=\"footer\">{text}" +
            $"<a href=\"{{{{ unsubscribe_url }}}}\" class=\"footer-link\">{LiquidText.Html(footer.Label ?? BlockDesignReader.DefaultFooterLabel)}</a></td></tr></table>\n";
    }

    private static string PlainText(BlockDesign design)
    {
        var text = new StringBuilder();
        foreach (var block in design.Blocks)
        {
            var part = block.Type switch
            {
                BlockTypes.Heading or BlockTypes.Text => block.Text!.ReplaceLineEndings("\n").Trim(),
                BlockTypes.Image when block.Link is { } link => $"{(string.IsNullOrWhiteSpace(block.Alt) ? link : $"{block.Alt}: {link}")}",
                BlockTypes.Button => $"{block.Label}: {block.Url}",
                BlockTypes.Divider => "----------",
                BlockTypes.Columns => string.Join("\n\n", new[] { block.Left!.Text, block.Right!.Text }.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.ReplaceLineEndings("\n").Trim())),
                BlockTypes.Footer => $"--\n{(string.IsNullOrWhiteSpace(block.Text) ? "" : block.Text.ReplaceLineEndings("\n").Trim() + "\n")}{block.Label}: {{{{ unsubscribe_url }}}}",
                _ => "",
            };
            if (part.Length > 0) text.Append(part).Append("\n\n");
        }
        return text.ToString().TrimEnd() + "\n";
    }

    /// <summary>Japanese when any block has kana or kanji: screen readers then read it with the right voice.</summary>
    private static string Language(BlockDesign design)
    {
        var words = design.Blocks.SelectMany(b => new[] { b.Text, b.Label, b.Alt, b.Left?.Text, b.Right?.Text });
        return words.Any(w => w is not null && Japanese().IsMatch(w)) ? "ja" : "en";
    }

    private static string Stylesheet(string accent) => $$"""
        .body { margin: 0; padding: 0; width: 100%; background-color: #f3f4f6; -webkit-text-size-adjust: 100%; -ms-text-size-adjust: 100%; }
        .page { width: 100%; background-color: #f3f4f6; }
        .page-cell { padding: 24px 0; }
        .container { width: 100%; max-width: 600px; background-color: #ffffff; border-radius: 8px; table-layout: fixed; }
        .spacer { font-size: 0; line-height: 0; }
        .block { padding: 8px 24px; font-family: {{Fonts}}; font-size: 16px; line-height: 1.6; color: #1c2430; }
        .heading { margin: 0; font-family: {{Fonts}}; font-weight: 700; color: #14202e; }
        .h1 { font-size: 26px; line-height: 1.3; }
        .h2 { font-size: 20px; line-height: 1.35; }
        .paragraph { margin: 0 0 12px 0; }
        .paragraph-last { margin: 0; }
        .text-link { color: {{accent}}; text-decoration: underline; }
        .image { display: block; max-width: 100%; height: auto; border: 0; outline: none; text-decoration: none; }
        .image-link { display: block; }
        .button-row { padding-top: 12px; padding-bottom: 12px; }
        .button-cell { background-color: {{accent}}; border-radius: 6px; padding: 12px 28px; }
        .button-link { display: inline-block; font-family: {{Fonts}}; font-size: 16px; line-height: 1.25; font-weight: 700; color: #ffffff; text-decoration: none; }
        .divider { border-top: 1px solid #d9dee5; font-size: 0; line-height: 0; height: 1px; }
        .columns { padding: 8px 16px; font-size: 0; text-align: center; }
        .column { display: inline-block; width: 100%; max-width: {{ColumnWidth}}px; vertical-align: top; text-align: left; }
        .column-cell { padding: 0 8px 8px 8px; font-family: {{Fonts}}; font-size: 16px; line-height: 1.6; color: #1c2430; text-align: left; }
        .column-image { display: block; max-width: 100%; height: auto; border: 0; margin: 0 0 8px 0; }
        .footer-table { width: 100%; max-width: 600px; }
        .footer { padding: 16px 24px 0 24px; font-family: {{Fonts}}; font-size: 12px; line-height: 1.6; color: #5b6675; text-align: center; }
        .footer-link { color: #5b6675; text-decoration: underline; }
        """;

    /// <summary>Kept as a stylesheet (a style attribute cannot hold a media query); !important beats the inlined styles.</summary>
    private const string MobileStylesheet = """
        @media only screen and (max-width: 599px) {
          .page-cell { padding: 0 !important; }
          .container { border-radius: 0 !important; }
          .block { padding-left: 16px !important; padding-right: 16px !important; }
          .columns { padding-left: 8px !important; padding-right: 8px !important; }
          .column { display: block !important; width: 100% !important; max-width: 100% !important; }
          .image, .column-image { width: 100% !important; }
          .footer { padding-left: 16px !important; padding-right: 16px !important; }
        }
        """;

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex BlankLine();

    [GeneratedRegex(@"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")]
    private static partial Regex Japanese();
}
