namespace Nurture.Abstractions.Scoring;

/// <summary>The lifecycle stages, lowest first.</summary>
public static class LeadStages
{
    public const string Anonymous = "anonymous";
    public const string Known = "known";
    public const string Engaged = "engaged";
    public const string Mql = "mql";
    public const string Hot = "hot";

    public static readonly IReadOnlyList<string> Ordered = [Anonymous, Known, Engaged, Mql, Hot];

    public static int Rank(string stage) => Math.Max(0, Ordered.IndexOf(stage));

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}
