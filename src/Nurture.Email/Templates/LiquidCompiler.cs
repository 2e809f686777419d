using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using DotLiquid;
using DotLiquid.Exceptions;

namespace Nurture.Email.Templates;

/// <summary>
/// Compiles Liquid with DotLiquid, caching by source, and turns its syntax errors (which carry no
/// position) into an error with the line of the offending tag.
/// </summary>
public static partial class LiquidCompiler
{
    private static readonly ConcurrentDictionary<string, Template> Cache = new(StringComparer.Ordinal);

    public static Template Compile(string source)
    {
        if (Cache.TryGetValue(source, out var cached)) return cached;
        var template = Template.Parse(source);
        if (Cache.Count > 10_000) Cache.Clear();
        return Cache[source] = template;
    }

    /// <summary>The error of a source that does not compile, or null.</summary>
    public static TemplateError? Check(string part, string source)
    {
        try
        {
            Template.Parse(source);
            return null;
        }
        catch (LiquidException ex)
        {
            return new TemplateError(part, LineOf(source, ex.Message), ex.Message.Replace("Liquid syntax error: ", ""));
        }
    }

    /// <summary>Finds the line an error message is about, from the tag or variable it names.</summary>
    internal static int LineOf(string source, string message)
    {
        int? position = null;
        if (QuotedTag().Match(message) is { Success: true } quoted)
        {
            // "Unknown tag 'x'" or "Variable '{{ x' was not properly terminated": the first such token.
            var name = quoted.Groups[1].Value;
            var tag = Regex.Match(source, @"\{%-?\s*" + Regex.Escape(name) + @"\b");
            var index = tag.Success ? tag.Index : source.IndexOf(name, StringComparison.Ordinal);
            if (index >= 0) position = index;
        }
        else if (NeverClosed().Match(message) is { Success: true } unclosed)
        {
            // "if tag was never closed": the last opening of that block.
            var openings = Regex.Matches(source, @"\{%-?\s*" + Regex.Escape(unclosed.Groups[1].Value) + @"\b");
            if (openings.Count > 0) position = openings[^1].Index;
        }
        return position is { } p ? source.AsSpan(0, p).Count('\n') + 1 : 1;
    }

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedTag();

    [GeneratedRegex(@"^(?:Liquid syntax error: )?(\w+) tag was never closed")]
    private static partial Regex NeverClosed();
}
