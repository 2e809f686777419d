using Nurture.Abstractions;
using Nurture.Abstractions.Events;
using Nurture.Abstractions.Flows;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Flows;

/// <summary>
/// Runs a lead's flow enrolments, driven by its lead grain: on every event (goals, waits for an event,
/// triggers) and when a wait ends. Every decision derives from the lead's state and the event, so a
/// replay after a crash takes the same path, and send ids derived from (run, step, visit) make a
/// repeated send decision queue nothing new.
/// </summary>
public sealed class FlowRunner(IFlowCatalog catalog, IFlowEmailSender emails, IFlowEmailChooser chooser, IFlowSalesNotifier? sales = null)
{
    private const int FinishedRunsKept = 50;
    private const int StepsPerRun = 50;

    public IFlowCatalog Catalog => catalog;

    /// <summary>Sets a trait on the lead (the grain's own recorder, so the change is in its history).</summary>
    public delegate void TraitSetter(string trait, string value, DateTimeOffset at);

    public async Task OnEventAsync(
        LeadState lead, TrackedEvent e, IReadOnlyList<ScoreChange> eventChanges, ScoringModel model, TraitSetter setTrait,
        List<ScoreChange> changes, CancellationToken cancellationToken)
    {
        foreach (var enrolment in lead.Enrolments.Where(en => en.Status == FlowEnrolment.Active).ToList())
        {
            if (catalog.Get(enrolment.FlowId) is not { } flow)
            {
                Finish(lead, enrolment, FlowEnrolment.Exited, e.ReceivedAt, "flow deleted", changes);
                continue;
            }
            if (!catalog.IsRunning(flow.Id)) continue;
            if (NoteEmailActivity(enrolment, e) && enrolment.LastChoiceKey is { } key)
                await chooser.RecordClickAsync(key, enrolment.LastChoiceTemplate!);
            if (flow.Goal is { } goal && FlowConditions.Holds(goal, lead, enrolment, model, e.ReceivedAt, e))
            {
                Finish(lead, enrolment, FlowEnrolment.GoalReached, e.ReceivedAt, $"goal reached by {e.Type}", changes);
                continue;
            }
            if (flow.Steps.TryGetValue(enrolment.StepId, out var step) && step.Type == FlowStepTypes.WaitForEvent && step.Event!.Matches(e))
            {
                enrolment.WaitUntil = null;
                Move(lead, enrolment, step.Next!, e.ReceivedAt, $"{e.Type} arrived", changes);
                await RunAsync(lead, enrolment, flow, model, e.ReceivedAt, setTrait, changes, cancellationToken);
            }
        }

        foreach (var flow in catalog.Active)
        {
            if (!Triggered(flow.Trigger, lead, e, eventChanges, model) || !MayEnter(lead, flow, e.ReceivedAt)) continue;
            var enrolment = Enrol(lead, flow, e.EventId, $"entered on {EventWords(e)}", e.ReceivedAt, changes);
            await RunAsync(lead, enrolment, flow, model, e.ReceivedAt, setTrait, changes, cancellationToken);
        }
    }

    /// <summary>Enrols the lead in every active flow triggered by joining this segment (re-entry rules apply).</summary>
    public async Task OnSegmentJoinedAsync(
        LeadState lead, string segmentId, ScoringModel model, DateTimeOffset now, TraitSetter setTrait, List<ScoreChange> changes, CancellationToken cancellationToken)
    {
        foreach (var flow in catalog.Active)
        {
            if (flow.Trigger.Segment != segmentId || !MayEnter(lead, flow, now)) continue;
            var enrolment = Enrol(lead, flow, $"segment:{segmentId}", $"entered on joining the segment {segmentId}", now, changes);
            await RunAsync(lead, enrolment, flow, model, now, setTrait, changes, cancellationToken);
        }
    }

    /// <summary>Moves on every run whose wait has ended by <paramref name="now"/>.</summary>
    public async Task OnTimeAsync(LeadState lead, ScoringModel model, DateTimeOffset now, TraitSetter setTrait, List<ScoreChange> changes, CancellationToken cancellationToken)
    {
        foreach (var enrolment in lead.Enrolments.Where(en => en.Status == FlowEnrolment.Active && en.WaitUntil <= now).ToList())
        {
            if (catalog.Get(enrolment.FlowId) is not { } flow || !catalog.IsRunning(flow.Id)) continue;
            await RunAsync(lead, enrolment, flow, model, now, setTrait, changes, cancellationToken);
        }
    }

    /// <summary>Enrols by hand (the API); false when the flow's re-entry rule says no.</summary>
    public async Task<bool> EnrolManuallyAsync(
        LeadState lead, FlowDefinition flow, string cause, ScoringModel model, DateTimeOffset now, TraitSetter setTrait,
        List<ScoreChange> changes, CancellationToken cancellationToken)
    {
        if (!MayEnter(lead, flow, now)) return false;
        var enrolment = Enrol(lead, flow, cause, "entered by hand", now, changes);
        await RunAsync(lead, enrolment, flow, model, now, setTrait, changes, cancellationToken);
        return true;
    }

    /// <summary>The earliest moment a running wait ends, for the grain's timer and reminder.</summary>
    public DateTimeOffset? NextWake(LeadState lead) =>
        lead.Enrolments.Where(en => en.Status == FlowEnrolment.Active && en.WaitUntil is not null && catalog.IsRunning(en.FlowId))
            .Min(en => en.WaitUntil);

    private async Task RunAsync(
        LeadState lead, FlowEnrolment enrolment, FlowDefinition flow, ScoringModel model, DateTimeOffset now, TraitSetter setTrait,
        List<ScoreChange> changes, CancellationToken cancellationToken)
    {
        for (var guard = 0; guard < StepsPerRun && enrolment.Status == FlowEnrolment.Active; guard++)
        {
            if (!flow.Steps.TryGetValue(enrolment.StepId, out var step))
            {
                Finish(lead, enrolment, FlowEnrolment.Exited, now, $"step '{enrolment.StepId}' no longer exists", changes);
                return;
            }
            switch (step.Type)
            {
                case FlowStepTypes.SendEmail or FlowStepTypes.ChooseEmail:
                    var (template, why, choiceKey) = step.Type == FlowStepTypes.SendEmail
                        ? (step.Template!, "", null)
                        : await ChooseAsync(lead, flow, step, model, now);
                    var visit = enrolment.Path.Count;
                    var sendId = StableGuid.From($"flow:{enrolment.Id}:{step.Id}:{visit}");
                    var queued = await emails.QueueAsync(lead, template, sendId, FlowEmailOrigin.For(flow.Id, step.Id), cancellationToken);
                    enrolment.LastSendId = queued ? sendId : null;
                    enrolment.LastEmailOpened = enrolment.LastEmailClicked = false;
                    (enrolment.LastChoiceKey, enrolment.LastChoiceTemplate) = (choiceKey, template);
                    Move(lead, enrolment, step.Next!, now, queued ? $"email queued: {template}{why}" : $"no email could be queued: {template}", changes);
                    break;
                case FlowStepTypes.Wait or FlowStepTypes.WaitForEvent or FlowStepTypes.WaitUntil:
                    if (enrolment.WaitUntil is null)
                    {
                        enrolment.WaitUntil = step.Type == FlowStepTypes.WaitUntil
                            ? LocalTime.Next(now, lead.TimeZone, step.At!.Value, step.Weekdays)
                            : now + step.Duration!.Value;
                        return;
                    }
                    if (now < enrolment.WaitUntil) return;
                    enrolment.WaitUntil = null;
                    if (step.Type == FlowStepTypes.WaitForEvent) Move(lead, enrolment, step.TimeoutNext!, now, "timed out", changes);
                    else Move(lead, enrolment, step.Next!, now, "wait over", changes);
                    break;
                case FlowStepTypes.Branch:
                    var holds = FlowConditions.Holds(step.Condition!, lead, enrolment, model, now);
                    Move(lead, enrolment, holds ? step.Then! : step.Else!, now, holds ? "condition held" : "condition did not hold", changes);
                    break;
                case FlowStepTypes.NotifySales:
                    // A hand-off asked for by the flow: the same alert, assignment and delivery as a hot lead's.
                    var alertId = StableGuid.From($"flow:{enrolment.Id}:{step.Id}:{enrolment.Path.Count}");
                    var note = $"flow {flow.Name}: {step.Note ?? "asked to notify sales"}";
                    var notified = sales is not null && await sales.NotifyAsync(lead, alertId, note, now, cancellationToken);
                    Move(lead, enrolment, step.Next!, now, notified ? "sales notified" : "sales could not be notified", changes);
                    break;
                case FlowStepTypes.SetTrait:
                    setTrait(step.Trait!, step.Value!, now);
                    Move(lead, enrolment, step.Next!, now, $"{step.Trait} set", changes);
                    break;
                default:
                    Finish(lead, enrolment, FlowEnrolment.Completed, now, "reached the end", changes);
                    return;
            }
        }
    }

    /// <summary>
    /// Enrols the lead. <paramref name="cause"/> makes the run's id (the same cause, the same run, so a replay
    /// enrols nobody twice); <paramref name="why"/> is what the run's path says, in words.
    /// </summary>
    private static FlowEnrolment Enrol(LeadState lead, FlowDefinition flow, string cause, string why, DateTimeOffset at, List<ScoreChange> changes)
    {
        var enrolment = new FlowEnrolment
        {
            Id = StableGuid.From($"{lead.Id:N}:{flow.Id}:{cause}").ToString("N"),
            FlowId = flow.Id,
            EnteredAt = at,
        };
        lead.Enrolments.Add(enrolment);
        changes.Add(FlowChange(lead, enrolment, "#entered", at));
        Move(lead, enrolment, flow.Start, at, why, changes);
        return enrolment;
    }

    private static void Move(LeadState lead, FlowEnrolment enrolment, string stepId, DateTimeOffset at, string note, List<ScoreChange> changes)
    {
        enrolment.StepId = stepId;
        enrolment.Path.Add(new FlowStepVisit(stepId, at, note));
        changes.Add(FlowChange(lead, enrolment, stepId, at));
    }

    private static void Finish(LeadState lead, FlowEnrolment enrolment, string status, DateTimeOffset at, string note, List<ScoreChange> changes)
    {
        enrolment.Status = status;
        enrolment.WaitUntil = null;
        enrolment.FinishedAt = at;
        enrolment.Path.Add(new FlowStepVisit($"#{status}", at, note));
        changes.Add(FlowChange(lead, enrolment, $"#{status}", at));
        var finished = lead.Enrolments.Where(en => en.Status != FlowEnrolment.Active).OrderBy(en => en.FinishedAt).ToList();
        foreach (var old in finished.Take(Math.Max(0, finished.Count - FinishedRunsKept))) lead.Enrolments.Remove(old);
    }

    /// <summary>
    /// The next-best email: the variants written for the lead's top interest (or for anyone), and among
    /// them the one the bandit picks for the lead's segment (top interest and stage).
    /// </summary>
    private async Task<(string Template, string Why, string Key)> ChooseAsync(LeadState lead, FlowDefinition flow, FlowStep step, ScoringModel model, DateTimeOffset now)
    {
        var interest = Scoring.LeadScorer.Report(lead.Scores, model, now, top: 0).Interest
            .Where(p => p.Value > 0).OrderByDescending(p => p.Value).Select(p => p.Key).FirstOrDefault();
        var fitting = step.Candidates!.Where(c => c.Category == interest).ToList();
        if (fitting.Count == 0) fitting = step.Candidates!.Where(c => c.Category is null).ToList();
        if (fitting.Count == 0) fitting = [.. step.Candidates!];
        var key = $"{flow.Id}/{step.Id}/{interest ?? "none"}/{lead.Scores.Stage}";
        var (template, reason) = await chooser.ChooseAsync(key, fitting.Select(c => c.Template).ToList());
        return (template, $" (top interest {interest ?? "none"}, stage {lead.Scores.Stage}; {reason})", key);
    }

    /// <summary>Opens and clicks of the run's own last email, for "did they open it" branches (scanners do not count). True on its first click.</summary>
    private static bool NoteEmailActivity(FlowEnrolment enrolment, TrackedEvent e)
    {
        if (e.IsBot || enrolment.LastSendId is not { } sendId || e.Prop("send_id") != sendId.ToString("N")) return false;
        if (e.Type == "email_open") enrolment.LastEmailOpened = true;
        if (e.Type != "email_click" || enrolment.LastEmailClicked) return false;
        enrolment.LastEmailOpened = enrolment.LastEmailClicked = true;
        return true;
    }

    private static bool Triggered(FlowTrigger trigger, LeadState lead, TrackedEvent e, IReadOnlyList<ScoreChange> eventChanges, ScoringModel model)
    {
        if (trigger.Event is { } match) return !e.IsBot && match.Matches(e);
        if (trigger.Stage is { } stage) return eventChanges.Any(c => c.Kind == ScoreChange.StageKind && c.Stage == stage);
        if (trigger.ScoreAtLeast is not { } threshold) return false;
        // Reached by this event: one of its rule hits moved the score, and it now stands at the threshold or above.
        var hits = eventChanges.Where(c => c.Kind == ScoreChange.RuleKind && (trigger.ScoreCategory is null || c.Category == trigger.ScoreCategory)).ToList();
        if (hits.Count == 0) return false;
        var report = Scoring.LeadScorer.Report(lead.Scores, model, e.ReceivedAt, top: 0);
        var now = trigger.ScoreCategory is { } category ? report.Interest.GetValueOrDefault(category) : report.Engagement;
        var before = now - hits.Sum(h => h.Points);
        return now >= threshold && before < threshold;
    }

    private static bool MayEnter(LeadState lead, FlowDefinition flow, DateTimeOffset now)
    {
        var runs = lead.Enrolments.Where(en => en.FlowId == flow.Id).ToList();
        if (runs.Count == 0) return true;
        if (runs.Any(en => en.Status == FlowEnrolment.Active) || flow.ReentryNever) return false;
        return now - runs.Max(en => en.EnteredAt) >= flow.ReentryAfter;
    }

    private static ScoreChange FlowChange(LeadState lead, FlowEnrolment enrolment, string key, DateTimeOffset at) => new()
    {
        LeadId = lead.Id,
        Kind = ScoreChange.FlowKind,
        EventId = $"{enrolment.Id}:{enrolment.Path.Count}",
        Key = $"{enrolment.FlowId}/{key}",
        Category = enrolment.FlowId,
        Stage = lead.Scores.Stage,
        Grade = lead.Scores.Grade,
        Fit = lead.Scores.Fit,
        At = at,
    };

    /// <summary>An event as a run's path names it: "identify", "page_view /pricing/team", "form_submit contact".</summary>
    private static string EventWords(TrackedEvent e) =>
        e.Type == EventTypes.PageView && e.Path is { Length: > 0 } path ? $"{e.Type} {path}" : e.Name is { Length: > 0 } name ? $"{e.Type} {name}" : e.Type;
}
