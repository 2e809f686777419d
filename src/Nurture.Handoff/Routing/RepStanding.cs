using Nurture.Handoff.Reps;

namespace Nurture.Handoff.Routing;

/// <summary>A rep and what routing counts about them: their open hot leads and when they last got one.</summary>
public sealed record RepStanding(Rep Rep, int OpenLeads, DateTimeOffset? LastAssignedAt);
