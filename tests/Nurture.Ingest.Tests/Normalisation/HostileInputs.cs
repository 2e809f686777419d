using System.Text;

namespace Nurture.Ingest.Tests.Normalisation;

/// <summary>
/// Inputs that have broken parsers before. Kept out of [InlineData] because NUL and lone
/// surrogates do not survive test-case serialisation and make unreadable test names.
/// </summary>
internal static class HostileInputs
{
    public static IReadOnlyList<string?> All { get; } = Build();

    private static List<string?> Build()
    {
        var tenKb = new string('a', 10 * 1024);
        var emoji = "\U0001F600";
        return
        [
            null, "", " ", "\t\r\n", "\0", "\0\0\0", "\u0001\u007F", new string('\u3000', 600),
            "%", "%z", "%zz", "%%%%", "%E3%81", "%F0%9F%98", "%C0%AF", "%00", "%25%", "+", "++++", "=", "&", "&&&&", "=&=&=",
            "?", "??", "#", "?&?&", "utm_source", "utm_source=", "gclid", "gclid=", "amp;", "amp;=",
            "\uD800", "\uDC00abc", "a\uD800b", "\uDBFF\uDBFF", emoji, string.Concat(Enumerable.Repeat(emoji, 3000)),
            tenKb, "http://" + tenKb, "https://" + tenKb + ".com/", "https://example.com/" + tenKb,
            "https://example.com/?" + tenKb, "https://example.com/" + new string('%', 10 * 1024),
            "https://example.com/?" + string.Concat(Enumerable.Repeat("utm_source=%zz&", 1000)),
            "https://example.com/?utm_source=" + tenKb + "&gclid=" + tenKb,
            "utm_medium=" + string.Concat(Enumerable.Repeat(emoji, 600)),
            "utm_campaign=" + string.Concat(Enumerable.Repeat("%F0%9F%98%80", 600)),
            "http://", "https://", "http:", "https:", "http:/", "https:///", "////", "//example.com", "http://@",
            "http://:", "http://:80/", "http://[", "http://[::1", "http://[]/", "http://[zz]/", "http://[::1]x/",
            "http://a:99999999999999999999/", "http://example.com:-1/", "http://exa mple.com/", "http://exa\0mple.com/",
            "https://example.com/\0", "http://" + emoji + ".ws/" + emoji + "?utm_source=" + emoji,
            "https://例え.テスト/パス?utm_source=テスト", "https://BÜCHER.example/", "\u202Ehttp://evil.example/",
            "javascript:alert(1)", "data:text/html,<script>", "file:///etc/passwd", "mailto:a@b.c",
            "android-app://com.google.android.gm/", "http://.", "http://../", "http://-/", "http://[::1]:99999/",
            new string('/', 10000), new string('.', 10000), new string(':', 10000), new string('@', 10000),
            "Mozilla/5.0 (" + string.Concat(Enumerable.Repeat("(((", 3000)), string.Concat(Enumerable.Repeat("bot", 5000)),
            string.Concat(Enumerable.Repeat("cubot", 3000)), "CUBOT", "cu", "bot", "bo",
            RandomGarbage(1, 4096), RandomGarbage(2, 10 * 1024),
        ];
    }

    /// <summary>Deterministic noise over every UTF-16 code unit, including lone surrogates.</summary>
    public static string RandomGarbage(int seed, int length)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++) builder.Append((char)random.Next(0, 0x10000));
        return builder.ToString();
    }
}
