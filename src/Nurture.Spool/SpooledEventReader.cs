using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Nurture.Abstractions.Events;

namespace Nurture.Spool;

/// <summary>
/// Reads a spooled <see cref="TrackedEvent"/> back, by hand. Every event is read once per consumer,
/// and the generated reader builds an event with init-only properties through an argument buffer that
/// boxes every value, plus a frame stack for each nested value: about twice the time and allocation.
/// Values that repeat from event to event (type, host, path, title, browser, channel, UTM) are shared
/// instances, so what a lead keeps of its recent events does not survive collections as fresh copies.
/// Writing stays with the generated code (<see cref="SpoolJson.Writer"/>), whose format this follows.
/// </summary>
public sealed class SpooledEventReader : JsonConverter<TrackedEvent>
{
    // Longer values are rarely repeated verbatim and would make the table large.
    private const int MaxSharedBytes = 512;
    private static readonly StartOverTable<string> Shared = new(32_768);

    public override TrackedEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        string? eventId = null, visitorId = null, type = null, name = null, url = null, host = null, path = null, query = null;
        string? referrer = null, referrerHost = null, title = null, email = null, userAgent = null, clientIp = null;
        string deviceClass = "unknown", browser = "Unknown", os = "Unknown", spoolNode = "";
        Guid? siteId = null, leadId = null, linkLeadId = null;
        DateTimeOffset? receivedAt = null, clientTime = null;
        var source = AcquisitionSource.Direct;
        var isBot = false;
        long spoolSeq = 0;
        IReadOnlyList<string> propKeys = [], propValues = [];
        IReadOnlyDictionary<string, string>? traits = null;

        // Each branch reads its value; a value the writer left out (null) keeps the default.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("eventId"u8)) eventId = NextString(ref reader);
            else if (reader.ValueTextEquals("siteId"u8)) siteId = NextGuid(ref reader);
            else if (reader.ValueTextEquals("visitorId"u8)) visitorId = NextString(ref reader);
            else if (reader.ValueTextEquals("leadId"u8)) leadId = NextGuid(ref reader);
            else if (reader.ValueTextEquals("type"u8)) type = NextShared(ref reader);
            else if (reader.ValueTextEquals("name"u8)) name = NextShared(ref reader);
            else if (reader.ValueTextEquals("url"u8)) url = NextShared(ref reader);
            else if (reader.ValueTextEquals("host"u8)) host = NextShared(ref reader);
            else if (reader.ValueTextEquals("path"u8)) path = NextShared(ref reader);
            else if (reader.ValueTextEquals("query"u8)) query = NextString(ref reader);
            else if (reader.ValueTextEquals("referrer"u8)) referrer = NextShared(ref reader);
            else if (reader.ValueTextEquals("referrerHost"u8)) referrerHost = NextShared(ref reader);
            else if (reader.ValueTextEquals("title"u8)) title = NextShared(ref reader);
            else if (reader.ValueTextEquals("source"u8)) source = Next(ref reader) ? ReadSource(ref reader) : source;
            else if (reader.ValueTextEquals("deviceClass"u8)) deviceClass = NextShared(ref reader) ?? deviceClass;
            else if (reader.ValueTextEquals("browser"u8)) browser = NextShared(ref reader) ?? browser;
            else if (reader.ValueTextEquals("os"u8)) os = NextShared(ref reader) ?? os;
            else if (reader.ValueTextEquals("isBot"u8)) isBot = Next(ref reader) && reader.GetBoolean();
            else if (reader.ValueTextEquals("propKeys"u8)) propKeys = Next(ref reader) ? ReadStrings(ref reader) : propKeys;
            else if (reader.ValueTextEquals("propValues"u8)) propValues = Next(ref reader) ? ReadStrings(ref reader) : propValues;
            else if (reader.ValueTextEquals("email"u8)) email = NextString(ref reader);
            else if (reader.ValueTextEquals("traits"u8)) traits = Next(ref reader) ? ReadTraits(ref reader) : null;
            else if (reader.ValueTextEquals("clientTime"u8)) clientTime = Next(ref reader) ? reader.GetDateTimeOffset() : null;
            else if (reader.ValueTextEquals("receivedAt"u8)) receivedAt = Next(ref reader) ? reader.GetDateTimeOffset() : null;
            else if (reader.ValueTextEquals("userAgent"u8)) userAgent = NextShared(ref reader);
            else if (reader.ValueTextEquals("clientIp"u8)) clientIp = NextString(ref reader);
            else if (reader.ValueTextEquals("spoolNode"u8)) spoolNode = NextString(ref reader) ?? spoolNode;
            else if (reader.ValueTextEquals("spoolSeq"u8)) spoolSeq = Next(ref reader) ? reader.GetInt64() : 0;
            else if (reader.ValueTextEquals("linkLeadId"u8)) linkLeadId = NextGuid(ref reader);
            // A field a newer version wrote: ignored, as the generated reader would.
            else reader.Skip();
        }
        Expect(ref reader, JsonTokenType.EndObject);

        return new TrackedEvent
        {
            EventId = eventId ?? throw Missing("eventId"),
            SiteId = siteId ?? throw Missing("siteId"),
            VisitorId = visitorId ?? throw Missing("visitorId"),
            LeadId = leadId ?? throw Missing("leadId"),
            Type = type ?? throw Missing("type"),
            ReceivedAt = receivedAt ?? throw Missing("receivedAt"),
            Name = name, Url = url, Host = host, Path = path, Query = query, Referrer = referrer, ReferrerHost = referrerHost,
            Title = title, Source = source, DeviceClass = deviceClass, Browser = browser, Os = os, IsBot = isBot,
            PropKeys = propKeys, PropValues = propValues, Email = email, Traits = traits, ClientTime = clientTime,
            UserAgent = userAgent, ClientIp = clientIp, SpoolNode = spoolNode, SpoolSeq = spoolSeq, LinkLeadId = linkLeadId,
        };
    }

    public override void Write(Utf8JsonWriter writer, TrackedEvent value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Spooled events are written by SpoolJson.Writer.");

    private static AcquisitionSource ReadSource(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        string? channel = null, utmSource = null, utmMedium = null, utmCampaign = null, utmTerm = null, utmContent = null;
        string? clickIdName = null, clickId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("channel"u8)) channel = NextShared(ref reader);
            else if (reader.ValueTextEquals("utmSource"u8)) utmSource = NextShared(ref reader);
            else if (reader.ValueTextEquals("utmMedium"u8)) utmMedium = NextShared(ref reader);
            else if (reader.ValueTextEquals("utmCampaign"u8)) utmCampaign = NextShared(ref reader);
            else if (reader.ValueTextEquals("utmTerm"u8)) utmTerm = NextShared(ref reader);
            else if (reader.ValueTextEquals("utmContent"u8)) utmContent = NextShared(ref reader);
            else if (reader.ValueTextEquals("clickIdName"u8)) clickIdName = NextShared(ref reader);
            else if (reader.ValueTextEquals("clickId"u8)) clickId = NextString(ref reader);
            else reader.Skip();
        }
        Expect(ref reader, JsonTokenType.EndObject);
        // Most visits: one shared instance rather than a copy per event read.
        if (channel == AcquisitionSource.Direct.Channel && (utmSource ?? utmMedium ?? utmCampaign ?? utmTerm ?? utmContent ?? clickIdName ?? clickId) is null)
            return AcquisitionSource.Direct;
        return new AcquisitionSource
        {
            Channel = channel ?? throw Missing("source.channel"),
            UtmSource = utmSource, UtmMedium = utmMedium, UtmCampaign = utmCampaign, UtmTerm = utmTerm, UtmContent = utmContent,
            ClickIdName = clickIdName, ClickId = clickId,
        };
    }

    // An interface on purpose: an empty list is the one shared empty array, not a new List per event.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The shared empty array is the point.")]
    private static IReadOnlyList<string> ReadStrings(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        if (reader.Read() && reader.TokenType == JsonTokenType.EndArray) return [];
        List<string> values = [reader.GetString()!];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) values.Add(reader.GetString()!);
        Expect(ref reader, JsonTokenType.EndArray);
        return values;
    }

    private static Dictionary<string, string> ReadTraits(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var traits = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            traits[key] = NextString(ref reader) ?? "";
        }
        Expect(ref reader, JsonTokenType.EndObject);
        return traits;
    }

    /// <summary>Moves to a property's value; false when it is null.</summary>
    private static bool Next(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType != JsonTokenType.Null;

    private static string? NextString(ref Utf8JsonReader reader) => Next(ref reader) ? reader.GetString() : null;

    private static Guid? NextGuid(ref Utf8JsonReader reader) => Next(ref reader) ? reader.GetGuid() : null;

    /// <summary>One shared instance per value; escaped or long values are read as they are.</summary>
    private static string? NextShared(ref Utf8JsonReader reader)
    {
        if (!Next(ref reader)) return null;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxSharedBytes)
            return reader.GetString()!;
        Span<char> chars = stackalloc char[MaxSharedBytes];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        if (Shared.TryGet(chars[..length], out var shared)) return shared;
        var value = new string(chars[..length]);
        return Shared.Add(value, value);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token) throw new JsonException($"Expected {token} in a spooled event, found {reader.TokenType}.");
    }

    private static JsonException Missing(string field) => new($"A spooled event has no {field}.");
}
