using System.Text;

namespace Nurture.Benchmarks.Email;

/// <summary>
/// A newsletter of ordinary size (about 3 KB of HTML, a text part, three tracked links, the lead's
/// name and company in Liquid): what a nurture step sends, so rendering and link signing cost what they do.
/// </summary>
public static class BenchNewsletter
{
    public const string Subject = "{{ lead.traits.first_name | default: 'Hello' }}, three ideas for {{ lead.traits.company | default: 'your team' }}";

    public static string Html { get; } = BuildHtml();

    public const string Text = """
        Hi {{ lead.traits.first_name | default: 'there' }},

        Three ideas this week: pricing that scales, a demo on your data, and a case study.
        https://shop.example.com/pricing
        Unsubscribe: {{ unsubscribe_url }}
        """;

    /// <summary>The same message as the server would render it for one lead, for the baseline.</summary>
    public static string RenderedHtml { get; } = Html.Replace("{{ lead.traits.first_name | default: 'there' }}", "Ann", StringComparison.Ordinal)
        .Replace("{{ lead.traits.company | default: 'your team' }}", "Example Corp", StringComparison.Ordinal)
        .Replace("{{ unsubscribe_url }}", "http://127.0.0.1/u/x", StringComparison.Ordinal);

    public static string RenderedText { get; } = Text.Replace("{{ lead.traits.first_name | default: 'there' }}", "Ann", StringComparison.Ordinal)
        .Replace("{{ unsubscribe_url }}", "http://127.0.0.1/u/x", StringComparison.Ordinal);

    private static string BuildHtml()
    {
        var html = new StringBuilder("<html><body style=\"font-family: sans-serif\">");
        html.Append("<h1>Hi {{ lead.traits.first_name | default: 'there' }},</h1>");
        html.Append("<p>Here is what teams like {{ lead.traits.company | default: 'your team' }} asked us about this week.</p>");
        foreach (var (title, url) in new[] { ("Pricing that scales", "https://shop.example.com/pricing"), ("A demo on your data", "https://shop.example.com/demo"), ("How Acme doubled its pipeline", "https://shop.example.com/cases/acme") })
        {
            html.Append("<h2>").Append(title).Append("</h2><p>");
            for (var i = 0; i < 6; i++) html.Append("Our customers tell us this is where the first month pays for itself. ");
            html.Append("</p><p><a href=\"").Append(url).Append("\">Read more</a></p>");
        }
        html.Append("<p style=\"font-size: small\"><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p></body></html>");
        return html.ToString();
    }
}
