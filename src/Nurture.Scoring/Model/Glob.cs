using System.Text;
using System.Text.RegularExpressions;

namespace Nurture.Scoring.Model;

/// <summary>
/// Globs as marketers write them: <c>*</c> any run of characters, <c>?</c> one character. The common
/// shapes ("/pricing", "/pricing*") are plain string tests; only the rest compile to a regex, which
/// keeps a 100-rule model to a few microseconds per event.
/// </summary>
public sealed class Glob
{
    private readonly string? literal;
    private readonly bool prefix;
    private readonly Regex? regex;
    private readonly StringComparison comparison;

    private Glob(string pattern, bool ignoreCase)
    {
        comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var star = pattern.IndexOf('*');
        if (pattern.IndexOf('?') < 0 && (star < 0 || star == pattern.Length - 1))
        {
            literal = star < 0 ? pattern : pattern[..^1];
            prefix = star >= 0;
            return;
        }
        var regexPattern = new StringBuilder("^");
        foreach (var c in pattern) regexPattern.Append(c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) });
        regexPattern.Append('$');
        // Linear-time matching: no pattern a marketer writes can backtrack badly, so no timeout is needed
        // (a timeout turned a busy machine's scheduling delay into a failed match).
        var options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        regex = new Regex(regexPattern.ToString(), options);
    }

    public static Glob Parse(string pattern, bool ignoreCase) => new(pattern, ignoreCase);

    public bool IsMatch(string text) =>
        regex is not null ? regex.IsMatch(text)
        : prefix ? text.StartsWith(literal!, comparison)
        : text.Equals(literal, comparison);
}
