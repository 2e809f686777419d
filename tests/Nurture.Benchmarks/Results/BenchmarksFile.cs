using Nurture.Benchmarks.Shared;

namespace Nurture.Benchmarks.Results;

/// <summary>
/// tests/Nurture.Benchmarks/BENCHMARKS.md: the latest result of each kind of run replaces its own
/// marked section (text outside the markers is left as written), and load runs add a history line.
/// </summary>
public static class BenchmarksFile
{
    public static string PathInRepo => System.IO.Path.Combine(RepoRoot.Find(), "tests", "Nurture.Benchmarks", "BENCHMARKS.md");

    /// <summary>Replaces the section's body (creating the section at the end when missing).</summary>
    public static void ReplaceSection(string section, string title, string body)
    {
        var text = Read();
        var (begin, end) = Markers(section);
        var content = $"{begin}\n{body.TrimEnd()}\n{end}";
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        text = start >= 0 && stop > start
            ? text[..start] + content + text[(stop + end.Length)..]
            : text.TrimEnd() + $"\n\n## {title}\n\n{content}\n";
        File.WriteAllText(PathInRepo, text);
    }

    /// <summary>Adds a row to a section holding a table, creating it with the header when missing.</summary>
    public static void AppendRow(string section, string title, string header, string row)
    {
        var text = Read();
        var (begin, end) = Markers(section);
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        var rows = start >= 0 && stop > start ? text[(start + begin.Length)..stop].Trim() : "";
        if (rows.Length == 0) rows = header;
        ReplaceSection(section, title, rows + "\n" + row);
    }

    private static string Read() =>
        File.Exists(PathInRepo) ? File.ReadAllText(PathInRepo) : "# Benchmarks\n\nWritten by `tests/Nurture.Benchmarks`; see README.md \"Benchmarks\".\n";

    private static (string Begin, string End) Markers(string section) => ($"<!-- results:{section}:begin -->", $"<!-- results:{section}:end -->");
}
