using System.Text;

namespace Nurture.Ingest.Normalisation;

/// <summary>
/// The campaign tags (utm_*) and the ad-platform click id found in a landing page's query string.
/// Values are percent-decoded, trimmed, at most 500 characters, and null when absent or empty.
/// </summary>
public sealed record AcquisitionParams(
    string? UtmSource,
    string? UtmMedium,
    string? UtmCampaign,
    string? UtmTerm,
    string? UtmContent,
    string? ClickIdName,
    string? ClickId)
{
    private const int MaxValueLength = 500;

    // Browsers and servers cap URLs well below this; it bounds work on hostile input.
    private const int MaxQueryLength = 32 * 1024;

    // The longest key we look for is 12 characters; even fully percent-encoded it fits in 64.
    private const int MaxKeyLength = 64;

    private const int UtmFieldCount = 5;

    /// <summary>
    /// Click-id parameters in priority order: when a URL carries several, the first listed wins
    /// (search platforms first, because their ids are appended only on an actual ad click).
    /// </summary>
    public static IReadOnlyList<string> ClickIdNames { get; } =
    [
        "gclid", "gbraid", "wbraid", "dclid", // Google Ads, Google Ads iOS, Google Ads web-to-app, Google display (DV360/CM360)
        "msclkid", // Microsoft Advertising
        "fbclid", // Meta
        "yclid", // Yandex
        "ttclid", // TikTok
        "twclid", // X / Twitter
        "li_fat_id", // LinkedIn
        "epik", // Pinterest
        "ScCid", // Snapchat
        "mc_cid", // Mailchimp campaign (email)
    ];

    public static readonly AcquisitionParams None = new(null, null, null, null, null, null, null);

    // Keys compare case-insensitively: hand-built links write UTM_Source and sccid alike.
    private static readonly Dictionary<string, int> FieldByKey = BuildFieldIndex();

    public bool IsEmpty =>
        UtmSource is null && UtmMedium is null && UtmCampaign is null && UtmTerm is null
        && UtmContent is null && ClickIdName is null && ClickId is null;

    /// <summary>
    /// Reads the acquisition parameters from a query string (with or without its leading '?').
    /// The first non-empty occurrence of a key wins. Never throws.
    /// </summary>
    public static AcquisitionParams FromQuery(string? query)
    {
        if (string.IsNullOrEmpty(query)) return None;

        var s = query.AsSpan();
        if (s.Length > MaxQueryLength) s = s[..MaxQueryLength];
        if (s.StartsWith('?')) s = s[1..];

        // Slots 0..4 are the utm fields, then one per click id in ClickIdNames order.
        var values = new string?[UtmFieldCount + ClickIdNames.Count];
        var found = false;
        while (!s.IsEmpty)
        {
            var amp = s.IndexOf('&');
            var pair = amp >= 0 ? s[..amp] : s;
            s = amp >= 0 ? s[(amp + 1)..] : [];

            var eq = pair.IndexOf('=');
            var rawKey = eq >= 0 ? pair[..eq] : pair;
            if (rawKey.IsEmpty || rawKey.Length > MaxKeyLength) continue;

            var key = PercentDecode(rawKey).Trim();
            // Links copied out of HTML e-mails often keep "&amp;" as the separator.
            if (key.StartsWith("amp;", StringComparison.OrdinalIgnoreCase)) key = key[4..];
            if (!FieldByKey.TryGetValue(key, out var slot) || values[slot] is not null) continue;

            var value = eq >= 0 ? Clean(PercentDecode(pair[(eq + 1)..])) : null;
            if (value is null) continue;
            values[slot] = value;
            found = true;
        }
        if (!found) return None;

        string? clickIdName = null;
        string? clickId = null;
        for (var i = 0; i < ClickIdNames.Count; i++)
        {
            if (values[UtmFieldCount + i] is { } id)
            {
                clickIdName = ClickIdNames[i];
                clickId = id;
                break;
            }
        }
        return new AcquisitionParams(values[0], values[1], values[2], values[3], values[4], clickIdName, clickId);
    }

    private static Dictionary<string, int> BuildFieldIndex()
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["utm_source"] = 0,
            ["utm_medium"] = 1,
            ["utm_campaign"] = 2,
            ["utm_term"] = 3,
            ["utm_content"] = 4,
        };
        for (var i = 0; i < ClickIdNames.Count; i++) index[ClickIdNames[i]] = UtmFieldCount + i;
        return index;
    }

    private static string? Clean(string value)
    {
        var trimmed = value.AsSpan().Trim();
        if (trimmed.Length > MaxValueLength)
        {
            var cut = MaxValueLength;
            // Never leave half of a surrogate pair (an emoji) at the end.
            if (char.IsHighSurrogate(trimmed[cut - 1])) cut--;
            trimmed = trimmed[..cut].TrimEnd();
        }
        return trimmed.IsEmpty ? null : trimmed.ToString();
    }

    /// <summary>
    /// Form-style decoding: '+' is a space and %XX a UTF-8 byte. Malformed escapes such as "%zz"
    /// stay as written and invalid UTF-8 becomes U+FFFD, so decoding never fails.
    /// </summary>
    private static string PercentDecode(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny('%', '+') < 0) return text.ToString();

        var result = new StringBuilder(text.Length);
        var bytes = new byte[text.Length / 3 + 1];
        var byteCount = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                bytes[byteCount++] = (byte)(HexValue(text[i + 1]) << 4 | HexValue(text[i + 2]));
                i += 2;
                continue;
            }
            if (byteCount > 0)
            {
                result.Append(Encoding.UTF8.GetString(bytes, 0, byteCount));
                byteCount = 0;
            }
            result.Append(c == '+' ? ' ' : c);
        }
        if (byteCount > 0) result.Append(Encoding.UTF8.GetString(bytes, 0, byteCount));
        return result.ToString();
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
