using System.Text.Json.Serialization;
using Nurture.Abstractions.Events;

namespace Nurture.Ingest.Pipeline;

/// <summary>How events are written into the spool: System.Text.Json, source-generated for speed.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TrackedEvent))]
public sealed partial class SpoolJson : JsonSerializerContext;
