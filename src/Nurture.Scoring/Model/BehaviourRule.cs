using Nurture.Abstractions.Events;

namespace Nurture.Scoring.Model;

/// <summary>One behaviour rule: which events it matches, the points it gives to which category, its caps.</summary>
public sealed class BehaviourRule
{
    public required string Id { get; init; }
    public required string Category { get; init; }
    public required double Points { get; init; }
    public string? Type { get; init; }
    public string? Name { get; init; }
    public Glob? Path { get; init; }
    public Glob? Host { get; init; }
    public string? Channel { get; init; }
    public string? UtmSource { get; init; }
    public string? UtmMedium { get; init; }
    public string? UtmCampaign { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Props { get; init; } = [];
    public int? PerDay { get; init; }
    public int? PerLead { get; init; }
    public bool OncePerSession { get; init; }

    /// <summary>Cheapest tests first: most events are rejected by type before any regex runs.</summary>
    public bool Matches(TrackedEvent e)
    {
        if (Type is not null && Type != e.Type) return false;
        if (Name is not null && !string.Equals(Name, e.Name, StringComparison.OrdinalIgnoreCase)) return false;
        if (Channel is not null && Channel != e.Source.Channel) return false;
        if (UtmSource is not null && !string.Equals(UtmSource, e.Source.UtmSource, StringComparison.OrdinalIgnoreCase)) return false;
        if (UtmMedium is not null && !string.Equals(UtmMedium, e.Source.UtmMedium, StringComparison.OrdinalIgnoreCase)) return false;
        if (UtmCampaign is not null && !string.Equals(UtmCampaign, e.Source.UtmCampaign, StringComparison.OrdinalIgnoreCase)) return false;
        foreach (var (key, value) in Props)
        {
            if (!string.Equals(e.Prop(key), value, StringComparison.OrdinalIgnoreCase)) return false;
        }
        if (Host is not null && (e.Host is null || !Host.IsMatch(e.Host))) return false;
        if (Path is not null && (e.Path is null || !Path.IsMatch(e.Path))) return false;
        return true;
    }
}
