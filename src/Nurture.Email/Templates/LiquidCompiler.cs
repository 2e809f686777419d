using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Fluid;

namespace Nurture.Email.Templates;

/// <summary>
/// Parses Liquid with Fluid and turns its syntax errors into a <see cref="TemplateError"/> with the
/// line and column Fluid reports. One parser for the process: Fluid's parser is thread-safe.
/// </summary>
public static partial class LiquidCompiler
{
    /// <summary>How deep blocks, expressions and filter chains may nest: an email needs a handful.</summary>
    public const int MaxNesting = 64;

    private static readonly FluidParser Parser = CreateParser();

    /// <summary>Parses one part; on a syntax error gives the error of that part instead.</summary>
    public static bool TryCompile(string part, string source, [NotNullWhen(true)] out IFluidTemplate? template, [NotNullWhen(false)] out TemplateError? error)
    {
        try
        {
            template = Parser.Parse(source);
            error = null;
            return true;
        }
        catch (ParseException ex)
        {
            template = null;
            error = ToError(part, source, ex);
            return false;
        }
    }

    private static FluidParser CreateParser()
    {
        var parser = new FluidParser(new FluidParserOptions { MaxRecursionDepth = MaxNesting });
        // No partials: a template is one stored text, and nothing may read files. Without the tags,
        // {% include %} and {% render %} are refused when saved ("Unknown tag") instead of failing every send.
        parser.RegisteredTags.Remove("include");
        parser.RegisteredTags.Remove("render");
        return parser;
    }

    internal static TemplateError ToError(string part, string source, ParseException ex)
    {
        // Fluid's message is "<reason> at (line:column)", then the offending source line.
        var reason = ex.Message.Split('\n', 2)[0].TrimEnd();
        if (ex.Position is not { } position) return new TemplateError(part, 1, null, reason);
        var suffix = $" at {position}";
        if (reason.EndsWith(suffix, StringComparison.Ordinal)) reason = reason[..^suffix.Length];
        // "'{% endif %}' was expected" is reported where the text ends: say which block is open.
        if (ExpectedEnd().Match(reason) is { Success: true } expected
            && UnclosedLine(source.AsSpan(0, Math.Clamp(position.Offset, 0, source.Length)).ToString(), expected.Groups[1].Value) is { } opened)
            reason += $": the '{expected.Groups[1].Value}' of line {opened} is not closed";
        return new TemplateError(part, position.Line, position.Column, reason);
    }

    /// <summary>The line of the last block named <paramref name="block"/> that is still open at the end of <paramref name="text"/>.</summary>
    internal static int? UnclosedLine(string text, string block)
    {
        var open = new Stack<int>();
        foreach (Match tag in Tag().Matches(text))
        {
            var name = tag.Groups[1].Value;
            if (name == block) open.Push(tag.Index);
            else if (name == "end" + block && open.Count > 0) open.Pop();
        }
        return open.Count == 0 ? null : text.AsSpan(0, open.Peek()).Count('\n') + 1;
    }

    [GeneratedRegex(@"^'\{% end(\w+) %\}' was expected$")]
    private static partial Regex ExpectedEnd();

    [GeneratedRegex(@"\{%-?\s*(\w+)")]
    private static partial Regex Tag();
}
