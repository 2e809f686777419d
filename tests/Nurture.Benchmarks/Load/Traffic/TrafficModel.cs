using System.Buffers;
using System.Text;
using System.Text.Json;
using static Nurture.Benchmarks.Load.Traffic.TrafficVocabulary;

namespace Nurture.Benchmarks.Load.Traffic;

/// <summary>
/// Makes requests the way many websites' visitors would (see <see cref="Population"/>): each visitor
/// keeps one browser and one acquisition source, a quarter of page views are landings that carry the
/// source (UTM, click id, referrer), 10% of visitors identify. pixel.lua follows the same rules for
/// wrk. Not thread-safe: one instance per worker, each with its own <paramref name="seed"/>; first-time
/// visitors are named after <paramref name="tag"/> and the seed, so every phase's are new.
/// </summary>
public sealed class TrafficModel(IReadOnlyList<BenchSite> sites, Population population, string tag, int seed)
{
    private const double LandingShare = 0.25;
    private readonly Random random = new(seed);
    private readonly ArrayBufferWriter<byte> buffer = new(16 * 1024);
    private long newVisitors;

    public Visitor NextVisitor()
    {
        if (population.Size == 0 || random.NextDouble() < population.NewVisitorShare)
        {
            var n = ++newVisitors;
            return new Visitor(sites[Zipf.Rank(sites.Count, random) - 1], $"n{tag}-{seed}-{n}", n);
        }
        return Returning(Zipf.Rank(population.Size, random) - 1);
    }

    /// <summary>Returning visitor number <paramref name="index"/> of the population.</summary>
    public Visitor Returning(int index) => new(sites[Population.SiteOf(index, sites.Count)], population.VisitorId(index), index);

    /// <summary>A GET /t.gif path and query for one page view.</summary>
    public string PixelPath(string eventId, out string userAgent)
    {
        var visitor = NextVisitor();
        userAgent = visitor.UserAgent;
        var (url, referrer, title) = PageView(visitor);
        var path = new StringBuilder(640)
            .Append("/t.gif?siteKey=").Append(visitor.Site.Key)
            .Append("&visitorId=").Append(Uri.EscapeDataString(visitor.Id))
            .Append("&eventId=").Append(Uri.EscapeDataString(eventId))
            .Append("&type=page_view&url=").Append(Uri.EscapeDataString(url))
            .Append("&title=").Append(Uri.EscapeDataString(title));
        if (referrer.Length > 0) path.Append("&referrer=").Append(Uri.EscapeDataString(referrer));
        if (random.NextDouble() < 0.1) path.Append("&p.tz=").Append(Uri.EscapeDataString(visitor.TimeZone));
        return path.ToString();
    }

    /// <summary>
    /// A /collect body as a browser sends it: one visitor's session of <paramref name="count"/> events
    /// (a landing, page views and clicks), including an identify when the visitor is one who identifies.
    /// </summary>
    public byte[] SessionBatch(string eventIdPrefix, int count, out string userAgent)
    {
        var visitor = NextVisitor();
        userAgent = visitor.UserAgent;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var identifyAt = visitor.Identifies ? count / 2 : -1;
        return Json(json =>
        {
            for (var i = 0; i < count; i++)
            {
                var eventId = $"{eventIdPrefix}-{i}";
                if (i == identifyAt) WriteIdentify(json, visitor, eventId, now + i);
                else if (i % 4 == 3) WriteClick(json, visitor, eventId, now + i);
                else WritePageView(json, visitor, eventId, now + i, landing: i == 0);
            }
        });
    }

    /// <summary>
    /// A /collect body that brings returning visitors <paramref name="first"/>.. to life, one event each:
    /// a landing, or an identify for the tenth who identify.
    /// </summary>
    public byte[] ActivationBatch(int first, int count, out string userAgent)
    {
        userAgent = UserAgents[0];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return Json(json =>
        {
            for (var i = 0; i < count; i++)
            {
                var visitor = Returning(first + i);
                var eventId = $"a-{visitor.Id}";
                if (visitor.Identifies) WriteIdentify(json, visitor, eventId, now);
                else WritePageView(json, visitor, eventId, now, landing: true);
            }
        });
    }

    private (string Url, string Referrer, string Title) PageView(Visitor visitor)
    {
        if (random.NextDouble() < LandingShare) return Landing(visitor);
        var page = Pages[Zipf.Rank(Pages.Count, random) - 1];
        return (visitor.Site.Origin + page.Path, visitor.Site.Origin + "/", page.Title);
    }

    private (string Url, string Referrer, string Title) Landing(Visitor visitor)
    {
        var page = Pages[Zipf.Rank(Pages.Count, random) - 1];
        var source = visitor.Source;
        var url = visitor.Site.Origin + page.Path + (source.Query.Length > 0 ? "?" + source.Query : "");
        return (url, source.Referrer, page.Title);
    }

    private void WritePageView(Utf8JsonWriter json, Visitor visitor, string eventId, long ts, bool landing)
    {
        var (url, referrer, title) = landing ? Landing(visitor) : PageView(visitor);
        json.WriteStartObject();
        WriteCommon(json, visitor, eventId, "page_view", ts);
        json.WriteString("url", url);
        if (referrer.Length > 0) json.WriteString("referrer", referrer);
        json.WriteString("title", title);
        if (landing)
        {
            json.WriteStartObject("props");
            json.WriteString("tz", visitor.TimeZone);
            json.WriteString("lang", "en-GB");
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private void WriteClick(Utf8JsonWriter json, Visitor visitor, string eventId, long ts)
    {
        json.WriteStartObject();
        WriteCommon(json, visitor, eventId, "click", ts);
        json.WriteString("url", visitor.Site.Origin + Pages[Zipf.Rank(Pages.Count, random) - 1].Path);
        json.WriteStartObject("props");
        json.WriteString("target", random.NextDouble() < 0.5 ? "cta-book-demo" : "nav-pricing");
        json.WriteString("href", visitor.Site.Origin + "/demo");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteIdentify(Utf8JsonWriter json, Visitor visitor, string eventId, long ts)
    {
        json.WriteStartObject();
        WriteCommon(json, visitor, eventId, "identify", ts);
        json.WriteString("email", visitor.Email);
        json.WriteStartObject("traits");
        json.WriteString("name", $"Visitor {visitor.Number}");
        json.WriteString("company", $"Company {visitor.Number % 997}");
        json.WriteString("jobTitle", (visitor.Number % 3) switch { 0 => "CTO", 1 => "Head of Marketing", _ => "Growth Manager" });
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteCommon(Utf8JsonWriter json, Visitor visitor, string eventId, string type, long ts)
    {
        json.WriteString("siteKey", visitor.Site.Key);
        json.WriteString("visitorId", visitor.Id);
        json.WriteString("eventId", eventId);
        json.WriteString("type", type);
        json.WriteNumber("ts", ts);
    }

    private byte[] Json(Action<Utf8JsonWriter> writeEvents)
    {
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            writeEvents(json);
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
