namespace Nurture.Handoff.Sales;

/// <summary>
/// The views of a rep's inbox, by where each of their leads stands since its newest assignment: new (no answer
/// yet), accepted, won, lost; open (new and accepted: the working list, and what the inbox shows by default);
/// all (every lead whose newest assignment is theirs, rejected ones included).
/// </summary>
public static class InboxView
{
    public const string Open = "open";
    public const string New = "new";
    public const string Accepted = "accepted";
    public const string Won = "won";
    public const string Lost = "lost";
    public const string All = "all";

    public static readonly IReadOnlyList<string> Names = [Open, New, Accepted, Won, Lost, All];

    /// <summary>Where a lead can stand since its newest assignment.</summary>
    public static readonly IReadOnlyList<string> Statuses = [New, Accepted, "rejected", Won, Lost];

    /// <summary>Whether a lead of this status (new, accepted, rejected, won, lost) belongs in the view.</summary>
    public static bool Holds(string view, string status) => view switch
    {
        Open => status is New or Accepted,
        All => true,
        _ => view == status,
    };

    /// <summary>Each view's count from the counts per status.</summary>
    public static Dictionary<string, int> Counts(IReadOnlyDictionary<string, int> byStatus) =>
        Names.ToDictionary(v => v, v => byStatus.Where(p => Holds(v, p.Key)).Sum(p => p.Value), StringComparer.Ordinal);
}
