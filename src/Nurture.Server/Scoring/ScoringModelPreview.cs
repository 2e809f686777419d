using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.EventStore;
using Nurture.Leads;
using Nurture.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Server.Scoring;

/// <summary>How many sampled leads move from one stage to another under the candidate model.</summary>
public sealed record StageMove(string From, string To, int Count);

/// <summary>One sampled lead whose stage would change, with its engagement and fit now and under the candidate.</summary>
public sealed record PreviewExample(Guid LeadId, string? Email, string From, string To, double EngagementNow, double EngagementCandidate, double FitNow, double FitCandidate);

/// <summary>
/// What POST /api/scoring/model/preview answers. An estimate when <see cref="Sampled"/> is below
/// <see cref="TotalLeads"/>: multiply the counts by TotalLeads / Sampled.
/// </summary>
public sealed record ModelPreviewResult(
    long TotalLeads, int Sampled, bool Estimate, int Changed, int Up, int Down,
    IReadOnlyDictionary<string, int> StagesNow, IReadOnlyDictionary<string, int> StagesCandidate,
    IReadOnlyList<StageMove> Moves, IReadOnlyList<PreviewExample> Examples);

/// <summary>
/// Tries a candidate scoring model on existing leads before it is saved: replays each sampled lead's
/// ClickHouse history through it, exactly as re-scoring would (<see cref="LeadEventProcessor.Replay"/>),
/// and compares the stage it would end in with the stage the lead has now. Nothing is written.
/// The sample is spread over the whole lead list (see <see cref="LeadDirectory.SampleIdsAsync"/>).
/// </summary>
public sealed class ScoringModelPreview(LeadDirectory directory, LeadHistory history, IGrainFactory grains, IScoringModelSource models, TimeProvider time)
{
    public const int DefaultSample = 200;
    public const int MaxSample = 1000;
    private const int MaxExamples = 20;
    // Each lead costs a grain call and a ClickHouse query: a few at a time keeps a preview to seconds
    // without crowding out live traffic.
    private const int Concurrency = 4;

    public async Task<ModelPreviewResult> RunAsync(ScoringModel candidate, int sample, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = models.Current;
        var total = await directory.CountAsync(new LeadFilter(), cancellationToken);
        var ids = await directory.SampleIdsAsync(sample, cancellationToken);
        var outcomes = new List<PreviewExample>();
        var seen = new HashSet<Guid>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            if (await LeadResolver.ResolveAsync(grains, id) is not { Exists: true } lead) return;
            lock (seen)
            {
                if (!seen.Add(lead.Id)) return;
            }
            var sites = lead.Visitors.Select(v => v.SiteId).Append(Guid.Empty).Distinct().ToList();
            var events = await history.ReadAsync(sites, lead.HistoryIds.Append(lead.Id).Distinct().ToList(), ct);
            var replayed = LeadEventProcessor.Replay(lead, events, candidate, now);
            var outcome = new PreviewExample(lead.Id, lead.Emails.FirstOrDefault(), lead.Scores.Stage, replayed.Stage,
                Math.Round(LeadScorer.Engagement(lead.Scores, current, now), 2), Math.Round(LeadScorer.Engagement(replayed, candidate, now), 2),
                lead.Scores.Fit, replayed.Fit);
            lock (outcomes) outcomes.Add(outcome);
        });

        var changed = outcomes.Where(o => o.From != o.To).ToList();
        return new ModelPreviewResult(
            Math.Max(total, outcomes.Count), outcomes.Count, outcomes.Count < total, changed.Count,
            changed.Count(o => LeadStages.Rank(o.To) > LeadStages.Rank(o.From)),
            changed.Count(o => LeadStages.Rank(o.To) < LeadStages.Rank(o.From)),
            CountByStage(outcomes.Select(o => o.From)), CountByStage(outcomes.Select(o => o.To)),
            changed.GroupBy(o => (o.From, o.To)).Select(g => new StageMove(g.Key.From, g.Key.To, g.Count()))
                .OrderByDescending(m => m.Count).ThenBy(m => m.From, StringComparer.Ordinal).ToList(),
            changed.OrderByDescending(o => Math.Abs(LeadStages.Rank(o.To) - LeadStages.Rank(o.From)))
                .ThenByDescending(o => o.EngagementCandidate).Take(MaxExamples).ToList());
    }

    private static Dictionary<string, int> CountByStage(IEnumerable<string> stages)
    {
        var counts = LeadStages.Ordered.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (var stage in stages) counts[stage] = counts.GetValueOrDefault(stage) + 1;
        return counts;
    }
}
