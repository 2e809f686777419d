namespace Nurture.Abstractions.Leads;

/// <summary>
/// A lead as a log line names it: the first <see cref="LeadPseudonym.LogLength"/> hex digits of its
/// pseudonym, hashed when the logger writes the line, not when the call is made.
/// </summary>
public readonly record struct LeadLogName(Guid LeadId)
{
    public override string ToString() => LeadPseudonym.Hex(LeadId)[..LeadPseudonym.LogLength];
}
