using Nurture.Abstractions.Flows;
using Nurture.Flows;

namespace Nurture.Leads;

/// <summary>The flow runner's chooser, backed by one <see cref="IEmailChoiceGrain"/> per step and segment.</summary>
public sealed class GrainEmailChooser(IGrainFactory grains) : IFlowEmailChooser
{
    public async Task<(string Template, string Reason)> ChooseAsync(string choiceKey, IReadOnlyList<string> templates)
    {
        var choice = await grains.GetGrain<IEmailChoiceGrain>(choiceKey).ChooseAsync(templates);
        return (choice.Template, choice.Reason);
    }

    public Task RecordClickAsync(string choiceKey, string template) => grains.GetGrain<IEmailChoiceGrain>(choiceKey).RecordClickAsync(template);
}
