using System.Text;
using System.Text.RegularExpressions;

namespace Nurture.Scoring.Model;

/// <summary>Globs as marketers write them: <c>*</c> any run of characters, <c>?</c> one character.</summary>
public static class Glob
{
    public static Regex ToRegex(string glob, bool ignoreCase)
    {
        var pattern = new StringBuilder("^");
        foreach (var c in glob)
        {
            pattern.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }
        pattern.Append('$');
        var options = RegexOptions.CultureInvariant | RegexOptions.Compiled | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return new Regex(pattern.ToString(), options, TimeSpan.FromMilliseconds(50));
    }
}
