namespace Nurture.Ingest.Wire;

/// <summary>Why one event of a batch was refused: its position, the field, and the reason.</summary>
public sealed record Rejection(int Index, string Field, string Reason);
