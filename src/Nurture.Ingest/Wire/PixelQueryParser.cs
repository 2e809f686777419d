using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nurture.Ingest.Wire;

/// <summary>
/// Maps the pixel's query string (same field names as /collect; <c>p.name=value</c> for props and
/// <c>t.name=value</c> for traits) onto the JSON event shape and validates it with the same rules.
/// Percent-decoding is strict UTF-8, so a malformed byte is refused instead of silently replaced.
/// A field given twice keeps its last value. Every pixel request comes through here, so the JSON goes
/// to a buffer the thread reuses and a plain ASCII field is not decoded at all.
/// </summary>
public static class PixelQueryParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    // Read back at once by our own parser: escaping text for HTML would only cost time.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic] private static ArrayBufferWriter<byte>? jsonBuffer;
    [ThreadStatic] private static Utf8JsonWriter? jsonWriter;

    public static (IncomingEvent? Event, Rejection? Rejection) Parse(string? rawQuery)
    {
        var query = (rawQuery ?? "").AsSpan();
        if (query.StartsWith('?')) query = query[1..];
        if (query.Length > WireLimits.MaxBodyBytes) return (null, new Rejection(0, "", "the query string is too long"));
        var fields = new List<KeyValuePair<string, string>>(12);
        Dictionary<string, int>? positions = null;
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty) continue;
            var eq = pair.IndexOf('=');
            var rawKey = eq < 0 ? pair : pair[..eq];
            var rawValue = eq < 0 ? [] : pair[(eq + 1)..];
            if (!TryDecode(rawKey, out var key)) return (null, new Rejection(0, rawKey.ToString(), "is not valid percent-encoded UTF-8"));
            if (!TryDecode(rawValue, out var value)) return (null, new Rejection(0, key, "is not valid percent-encoded UTF-8"));
            // The JSON they map to holds these as objects, built from p.name and t.name alone.
            if (key is "props" or "traits") return (null, new Rejection(0, key, $"is given as {key[0]}.name=value, one parameter per entry"));
            Set(fields, ref positions, key, value);
        }
        using var document = JsonDocument.Parse(ToJson(fields));
        return EventValidator.Validate(document.RootElement, 0);
    }

    /// <summary>The fields as the /collect event object: <c>p.</c> keys under props, <c>t.</c> keys under traits.</summary>
    private static ReadOnlyMemory<byte> ToJson(List<KeyValuePair<string, string>> fields)
    {
        var buffer = jsonBuffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var json = jsonWriter ??= new Utf8JsonWriter(buffer, WriterOptions);
        json.Reset(buffer);
        json.WriteStartObject();
        foreach (var (key, value) in fields)
        {
            if (GroupOf(key) is null) json.WriteString(key, value);
        }
        WriteGroup(json, fields, "p.", "props");
        WriteGroup(json, fields, "t.", "traits");
        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenMemory;
    }

    private static void WriteGroup(Utf8JsonWriter json, List<KeyValuePair<string, string>> fields, string prefix, string name)
    {
        var started = false;
        foreach (var (key, value) in fields)
        {
            if (GroupOf(key) != prefix) continue;
            if (!started) json.WriteStartObject(name);
            started = true;
            json.WriteString(key.AsSpan(2), value);
        }
        if (started) json.WriteEndObject();
    }

    private static string? GroupOf(string key) =>
        key.Length > 2 && key[1] == '.' && key[0] is 'p' or 't' ? (key[0] == 'p' ? "p." : "t.") : null;

    /// <summary>Adds the field or replaces its earlier value; a long query gets an index, so thousands of fields stay linear.</summary>
    private static void Set(List<KeyValuePair<string, string>> fields, ref Dictionary<string, int>? positions, string key, string value)
    {
        if (positions is null && fields.Count >= 16) positions = fields.Select((f, i) => (f.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        var at = positions?.GetValueOrDefault(key, -1) ?? -1;
        for (var i = 0; positions is null && i < fields.Count; i++)
        {
            if (fields[i].Key == key) at = i;
        }
        if (at >= 0)
        {
            fields[at] = new(key, value);
            return;
        }
        positions?.Add(key, fields.Count);
        fields.Add(new(key, value));
    }

    private static bool TryDecode(ReadOnlySpan<char> raw, out string decoded)
    {
        // The usual field (an id, a type, a key) is plain ASCII with nothing to decode.
        if (!raw.ContainsAny('%', '+') && Ascii.IsValid(raw))
        {
            decoded = raw.ToString();
            return true;
        }
        decoded = "";
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(raw.Length));
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c == '+') rented[length++] = (byte)' ';
                else if (c == '%')
                {
                    if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2])) return false;
                    rented[length++] = (byte)(HexValue(raw[i + 1]) << 4 | HexValue(raw[i + 2]));
                    i += 2;
                }
                else if (c < 0x80) rented[length++] = (byte)c;
                else
                {
                    // Unencoded text goes in as UTF-8 (a lone surrogate as U+FFFD, as browsers send it).
                    var width = char.IsHighSurrogate(c) && i + 1 < raw.Length ? 2 : 1;
                    length += Encoding.UTF8.GetBytes(raw.Slice(i, width), rented.AsSpan(length));
                    i += width - 1;
                }
            }
            decoded = StrictUtf8.GetString(rented, 0, length);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
