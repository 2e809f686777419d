using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nurture.Ingest.Wire;

/// <summary>
/// Maps the pixel's query string (same field names as /collect; <c>p.name=value</c> for props and
/// <c>t.name=value</c> for traits) onto the JSON event shape and validates it with the same rules.
/// Percent-decoding is strict UTF-8, so a malformed byte is refused instead of silently replaced.
/// </summary>
public static class PixelQueryParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (IncomingEvent? Event, Rejection? Rejection) Parse(string? rawQuery)
    {
        var query = rawQuery is { Length: > 0 } && rawQuery[0] == '?' ? rawQuery[1..] : rawQuery ?? "";
        if (query.Length > WireLimits.MaxBodyBytes) return (null, new Rejection(0, "", "the query string is too long"));
        var json = new JsonObject();
        JsonObject? props = null, traits = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var rawKey = eq < 0 ? pair : pair[..eq];
            var rawValue = eq < 0 ? "" : pair[(eq + 1)..];
            if (!TryDecode(rawKey, out var key)) return (null, new Rejection(0, rawKey, "is not valid percent-encoded UTF-8"));
            if (!TryDecode(rawValue, out var value)) return (null, new Rejection(0, key, "is not valid percent-encoded UTF-8"));
            if (key.StartsWith("p.", StringComparison.Ordinal) && key.Length > 2) (props ??= [])[key[2..]] = value;
            else if (key.StartsWith("t.", StringComparison.Ordinal) && key.Length > 2) (traits ??= [])[key[2..]] = value;
            else json[key] = value;
        }
        if (props is not null) json["props"] = props;
        if (traits is not null) json["traits"] = traits;
        using var document = JsonDocument.Parse(json.ToJsonString());
        return EventValidator.Validate(document.RootElement, 0);
    }

    private static bool TryDecode(string raw, out string decoded)
    {
        decoded = "";
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '+') bytes.Add((byte)' ');
            else if (c == '%')
            {
                if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2])) return false;
                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c < 0x80) bytes.Add((byte)c);
            else
            {
                var width = char.IsHighSurrogate(c) && i + 1 < raw.Length ? 2 : 1;
                bytes.AddRange(Encoding.UTF8.GetBytes(raw.Substring(i, width)));
                i += width - 1;
            }
        }
        try
        {
            decoded = StrictUtf8.GetString(bytes.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
