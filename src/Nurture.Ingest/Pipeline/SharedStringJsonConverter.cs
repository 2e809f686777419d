using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nurture.Ingest.Pipeline;

/// <summary>
/// Reads a JSON string that repeats from event to event (a property marked
/// <see cref="Abstractions.Events.SharedStringAttribute"/>) as one shared instance. Every spooled event
/// is read twice (leads, ClickHouse); sharing saves those copies, and what a lead keeps of its recent
/// events stops surviving garbage collections as fresh copies of the same few values.
/// </summary>
public sealed class SharedStringJsonConverter : JsonConverter<string>
{
    // Longer values are rarely repeated verbatim and would make the table large.
    private const int MaxBytes = 512;
    private static readonly StartOverTable<string> Shared = new(32_768);

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxBytes)
            return reader.GetString();
        Span<char> chars = stackalloc char[MaxBytes];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        if (Shared.TryGet(chars[..length], out var shared)) return shared;
        var value = new string(chars[..length]);
        return Shared.Add(value, value);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
