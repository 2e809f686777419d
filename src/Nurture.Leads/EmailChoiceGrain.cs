using Nurture.Abstractions.Flows;
using Nurture.Flows;
using Orleans.Runtime;

namespace Nurture.Leads;

/// <summary>
/// The bandit of one choose_email step and segment. Every choice counts as a send and is written at
/// once: the numbers must survive restarts, and a choice happens once per email, not per event.
/// </summary>
public sealed class EmailChoiceGrain(
    [PersistentState("choice", StorageNames.Leads)] IPersistentState<EmailChoiceState> choice) : Grain, IEmailChoiceGrain
{
    public async Task<EmailChoice> ChooseAsync(IReadOnlyList<string> templates)
    {
        var arms = templates.Select(t => choice.State.Variants.GetValueOrDefault(t) ?? new EmailVariantStats(0, 0)).ToList();
        var chosen = EmailBandit.Choose(arms.Select(a => (a.Sends, a.Clicks)).ToList(), Random.Shared);
        var template = templates[chosen];
        var stats = arms[chosen];
        choice.State.Variants[template] = stats with { Sends = stats.Sends + 1 };
        await choice.WriteStateAsync();
        var reason = string.Join(", ", templates.Select((t, i) => $"{t}: {arms[i].Clicks}/{arms[i].Sends} clicked"));
        return new EmailChoice(template, $"bandit on click rates ({reason})");
    }

    public async Task RecordClickAsync(string template)
    {
        var stats = choice.State.Variants.GetValueOrDefault(template) ?? new EmailVariantStats(1, 0);
        choice.State.Variants[template] = stats with { Clicks = Math.Min(stats.Sends, stats.Clicks + 1) };
        await choice.WriteStateAsync();
    }

    public Task<IReadOnlyDictionary<string, EmailVariantStats>> GetStatsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, EmailVariantStats>>(choice.State.Variants);
}

[GenerateSerializer, Alias("nurture.EmailChoiceState")]
public sealed class EmailChoiceState
{
    [Id(0)] public Dictionary<string, EmailVariantStats> Variants { get; set; } = new(StringComparer.Ordinal);
}
