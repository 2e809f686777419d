using System.Collections.Concurrent;
using Nurture.Abstractions.Leads;
using Nurture.Scoring;
using Nurture.Scoring.Predictive;
using Nurture.Handoff.Sales;

namespace Nurture.Server.Scoring;

/// <summary>
/// Training rows from sales' won/lost verdicts (nurture_outcomes): each labelled lead as the server knows it,
/// through <see cref="LeadFeatures.Extract"/>, the extractor live predictions use, so a model trained here
/// and one trained from a CSV are fed the same way. Features are taken at the time of the verdict (how old
/// the lead was and how its interest had decayed when sales decided), not at training time.
/// </summary>
public sealed class OutcomeTrainingSet(SalesFeedbackStore feedback, IGrainFactory grains, IScoringModelSource models)
{
    public const string LabelColumn = "converted";
    public const string Source = "sales outcomes (won/lost feedback), features as each lead stood at its verdict";
    private const int Concurrency = 16;

    public Task<List<SalesOutcome>> LabelsAsync(CancellationToken cancellationToken) => feedback.OutcomesAsync(cancellationToken);

    /// <summary>Why these labels cannot train a model (how many there are, how many are needed), or null when they can.</summary>
    public static string? Shortfall(IReadOnlyList<SalesOutcome> labels, PredictiveTrainingOptions options)
    {
        var won = labels.Count(l => l.Converted);
        var lost = labels.Count - won;
        if (won >= options.MinRowsPerClass && lost >= options.MinRowsPerClass && labels.Count >= options.MinRows) return null;
        return $"sales outcomes hold {won} won and {lost} lost leads; training needs at least {options.MinRowsPerClass} won, "
            + $"{options.MinRowsPerClass} lost and {options.MinRows} in all (mark leads won or lost with POST /api/leads/{{id}}/feedback)";
    }

    /// <summary>
    /// The labelled leads' features. A lead that no longer exists (erased) is skipped; labels of leads later
    /// merged into one count once, with the newest verdict.
    /// </summary>
    public async Task<TrainingTable> BuildAsync(IReadOnlyList<SalesOutcome> labels, CancellationToken cancellationToken)
    {
        var resolved = new ConcurrentBag<(SalesOutcome Label, LeadState? Lead)>();
        await Parallel.ForEachAsync(labels, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (label, _) => resolved.Add((label, await LeadResolver.ResolveAsync(grains, label.LeadId))));

        var model = models.Current;
        var gone = resolved.Where(r => r.Lead is null).Select(r => r.Label.LeadId).Order().ToList();
        var perLead = resolved.Where(r => r.Lead is not null).GroupBy(r => r.Lead!.Id)
            .Select(g => g.OrderByDescending(r => r.Label.At).ThenBy(r => r.Label.LeadId).ToList()).ToList();
        var superseded = perLead.SelectMany(g => g.Skip(1)).Select(r => r.Label.LeadId).Order().ToList();
        var rows = perLead.Select(g => g[0]).OrderBy(r => r.Lead!.Id)
            .Select(r => (LeadFeatures.Extract(r.Lead!, model, r.Label.At), r.Label.Converted)).ToList();

        var skipped = new List<SkippedRows>();
        if (gone.Count > 0) skipped.Add(Skipped("the lead no longer exists (erased)", gone));
        if (superseded.Count > 0) skipped.Add(Skipped("the lead was merged into one with a newer verdict", superseded));
        return TrainingTable.FromLeads(rows, LabelColumn, skipped, Source);
    }

    private static SkippedRows Skipped(string reason, List<Guid> leads) =>
        new(reason, leads.Count, [.. leads.Take(5).Select(id => $"lead {id}")]);
}
