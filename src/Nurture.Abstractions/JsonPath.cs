using System.Globalization;
using System.Text;

namespace Nurture.Abstractions;

/// <summary>
/// JSON paths (RFC 9535) as errors name the place of a problem in a JSON body: <c>$</c> for the body,
/// <c>$.traits.company</c>, <c>$.rules[1].points</c>, <c>$[3].visitorId</c>. A name that is not a plain
/// identifier goes in brackets (<c>$.traits['Company Name']</c>), so every name reads back unambiguously.
/// </summary>
public static class JsonPath
{
    public const string Root = "$";

    /// <summary>The member <paramref name="name"/> of the value at <paramref name="parent"/>.</summary>
    public static string Member(string parent, string name) =>
        IsPlain(name) ? $"{parent}.{name}" : $"{parent}['{Escape(name)}']";

    /// <summary>Item <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Index(string parent, int index) => $"{parent}[{index.ToString(CultureInfo.InvariantCulture)}]";

    /// <summary>ASCII letters, digits and '_', not starting with a digit: what the console's parser reads after a dot.</summary>
    private static bool IsPlain(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>RFC 9535's escapes inside single quotes: quote, backslash and control characters.</summary>
    private static string Escape(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            switch (c)
            {
                case '\'': text.Append("\\'"); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        return text.ToString();
    }
}
