using System.Text.Json.Serialization;

namespace Nurture.Ingest.Wire;

/// <summary>Why one event of a batch was refused: its position, the field, and the reason.</summary>
public sealed record Rejection(int Index, string Field, string Reason)
{
    /// <summary>Only the named part was dropped (a trait a visitor may not set); the rest of the event was kept.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EventKept { get; init; }
}
