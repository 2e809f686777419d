namespace Nurture.Handoff.Reps;

/// <summary>Who gets a hot lead, and why (one of <see cref="RepChooser"/>'s reasons). Recorded once per alert, so a retried alert keeps its rep.</summary>
public sealed record Assignment(Rep? Rep, string Reason);
