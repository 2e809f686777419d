using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nurture.Abstractions.Events;

/// <summary>
/// Reads a JSON string that repeats from event to event (type, host, path, title, browser, channel) as
/// one shared instance. Every spooled event is read twice (leads, ClickHouse); sharing saves those
/// copies, and what a lead keeps of its recent events stops surviving garbage collections as fresh
/// copies of the same few values. Bounded: once full, the table starts over.
/// </summary>
public sealed class SharedStringJsonConverter : JsonConverter<string>
{
    private const int MaxEntries = 32_768;
    // Longer values are rarely repeated verbatim and would make the table large.
    private const int MaxBytes = 512;
    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        Shared.GetAlternateLookup<ReadOnlySpan<char>>();
    private static int count;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxBytes)
            return reader.GetString();
        Span<char> chars = stackalloc char[MaxBytes];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        if (BySpan.TryGetValue(chars[..length], out var shared)) return shared;
        var value = new string(chars[..length]);
        if (Interlocked.Increment(ref count) > MaxEntries)
        {
            Shared.Clear();
            Volatile.Write(ref count, 0);
        }
        return Shared.GetOrAdd(value, value);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
