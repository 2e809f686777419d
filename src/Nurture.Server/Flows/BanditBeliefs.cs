using Nurture.Abstractions.Flows;
using Nurture.Abstractions.Scoring;
using Nurture.Flows;
using Nurture.Scoring;

namespace Nurture.Server.Flows;

/// <summary>
/// The bandit's current belief for each variant of a choose_email step. The runner keeps one bandit per step and
/// segment (the lead's top interest and stage: see FlowRunner.ChooseAsync), so the step's belief adds up the
/// bandits of every interest the scoring model names, "none", and every stage. A bandit of an interest the current
/// model no longer names is not found.
/// </summary>
public sealed class BanditBeliefs(IGrainFactory grains, IFlowCatalog flows, IScoringModelSource models)
{
    public async Task<Dictionary<(string Flow, string Step), List<VariantBelief>>> OfAsync(IEnumerable<(string Flow, string Step)> steps)
    {
        var model = models.Current;
        var interests = model.HalfLives.Keys.Concat(model.Rules.Select(r => r.Category)).Append("none").Distinct(StringComparer.Ordinal).ToList();
        var beliefs = new Dictionary<(string, string), List<VariantBelief>>();
        foreach (var (flowId, stepId) in steps.Distinct())
        {
            if (flows.Get(flowId)?.Steps.GetValueOrDefault(stepId) is not { Type: FlowStepTypes.ChooseEmail } step) continue;
            var totals = step.Candidates!.Select(c => c.Template).Distinct(StringComparer.Ordinal).ToDictionary(t => t, _ => (Sends: 0L, Clicks: 0L), StringComparer.Ordinal);
            var segments = interests.SelectMany(i => LeadStages.Ordered.Select(stage => $"{flowId}/{stepId}/{i}/{stage}"));
            foreach (var stats in await Task.WhenAll(segments.Select(key => grains.GetGrain<IEmailChoiceGrain>(key).GetStatsAsync())))
            {
                foreach (var (template, s) in stats)
                {
                    var (sends, clicks) = totals.GetValueOrDefault(template);
                    totals[template] = (sends + s.Sends, clicks + s.Clicks);
                }
            }
            beliefs[(flowId, stepId)] = BanditBelief.Of(totals.Select(p => (p.Key, p.Value.Sends, p.Value.Clicks)).ToList());
        }
        return beliefs;
    }
}
