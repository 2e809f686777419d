using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Nurture.Abstractions.Events;

namespace Nurture.Ingest.Pipeline;

/// <summary>How events are written into the spool and read back: System.Text.Json, source-generated for speed.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TrackedEvent))]
public sealed partial class SpoolJson : JsonSerializerContext
{
    /// <summary>
    /// Writes with the generated code alone. A converter declared on a property would switch the whole
    /// type to the slower metadata-driven writer, so the sharing of repeated strings is added for reading only.
    /// </summary>
    public static JsonTypeInfo<TrackedEvent> Writer => Default.TrackedEvent;

    private static readonly SharedStringJsonConverter SharedStrings = new();

    /// <summary>Reads with every <see cref="SharedStringAttribute"/> property through <see cref="SharedStringJsonConverter"/>.</summary>
    public static JsonTypeInfo<TrackedEvent> Reader => ReaderOnce.Value;

    // Built on first use, not in this class's static initialiser: the generated Default may not exist yet there.
    private static class ReaderOnce
    {
        public static readonly JsonTypeInfo<TrackedEvent> Value = (JsonTypeInfo<TrackedEvent>)new JsonSerializerOptions(Default.Options)
        {
            TypeInfoResolver = Default.WithAddedModifier(ShareRepeatedStrings),
        }.GetTypeInfo(typeof(TrackedEvent));
    }

    private static void ShareRepeatedStrings(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(SharedStringAttribute), inherit: false) == true) property.CustomConverter = SharedStrings;
        }
    }
}
