using System.Text;
using static Nurture.Benchmarks.Load.Traffic.TrafficVocabulary;

namespace Nurture.Benchmarks.Load.Traffic;

/// <summary>
/// Hands the vocabulary and the sites to pixel.lua, so wrk's visitors are the C# model's visitors.
/// One tab-separated record a line; values are already percent-encoded, so the script only concatenates.
/// </summary>
public static class LuaTrafficFile
{
    public static void Write(string path, IReadOnlyList<BenchSite> sites)
    {
        var text = new StringBuilder();
        foreach (var site in sites) text.Append("site\t").Append(site.Key).Append('\t').Append(Encode(site.Origin)).Append('\n');
        foreach (var agent in UserAgents) text.Append("ua\t").Append(agent).Append('\n');
        foreach (var page in Pages) text.Append("page\t").Append(Encode(page.Path)).Append('\t').Append(Encode(page.Title)).Append('\n');
        foreach (var source in Sources)
        {
            text.Append("source\t").Append(source.Query.Length > 0 ? Encode("?" + source.Query) : "")
                .Append('\t').Append(Encode(source.Referrer)).Append('\n');
        }
        foreach (var (_, zone) in TimeZones) text.Append("tz\t").Append(Encode(zone)).Append('\n');
        File.WriteAllText(path, text.ToString());
    }

    private static string Encode(string value) => Uri.EscapeDataString(value);
}
