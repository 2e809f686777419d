using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Nurture.Abstractions.Events;

namespace Nurture.Spool;

/// <summary>How events are written into the spool and read back.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TrackedEvent))]
public sealed partial class SpoolJson : JsonSerializerContext
{
    /// <summary>Writes with the generated code alone (no converter on any property, which would make it fall back to the slower metadata path).</summary>
    public static JsonTypeInfo<TrackedEvent> Writer => Default.TrackedEvent;

    /// <summary>Reads with <see cref="SpooledEventReader"/>.</summary>
    public static JsonTypeInfo<TrackedEvent> Reader => ReaderOnce.Value;

    // Built on first use, not in this class's static initialiser: the generated Default may not exist yet there.
    private static class ReaderOnce
    {
        public static readonly JsonTypeInfo<TrackedEvent> Value = (JsonTypeInfo<TrackedEvent>)new JsonSerializerOptions(Default.Options)
        {
            Converters = { new SpooledEventReader() },
        }.GetTypeInfo(typeof(TrackedEvent));
    }
}
