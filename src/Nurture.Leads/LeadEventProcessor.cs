using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring;
using Nurture.Scoring.Model;

namespace Nurture.Leads;

/// <summary>
/// What one event does to a lead, shared by live ingest and re-scoring so both give the same state.
/// Split in two around the email claim, which only the live grain can make (it may end in a merge).
/// </summary>
public static class LeadEventProcessor
{
    /// <summary>Records the event and runs the behaviour rules; false when the lead already had it.</summary>
    public static bool Begin(LeadState state, Guid leadId, TrackedEvent e, ScoringModel model, List<ScoreChange> changes)
    {
        if (!LeadRecorder.Apply(state, leadId, e)) return false;
        LeadScorer.ApplyEvent(state.Scores, leadId, e, LeadRecorder.SessionKey(state, e), model, changes);
        return true;
    }

    /// <summary>Takes in an identify's email and traits (when the lead owns the email), then re-evaluates fit and stage.</summary>
    public static void Finish(LeadState state, Guid leadId, TrackedEvent e, ScoringModel model, bool identified, List<ScoreChange> changes)
    {
        if (identified && e.Email is not null)
        {
            LeadRecorder.Identify(state, e.Email, LeadRecorder.FromVisitor(e.Traits), e.ReceivedAt, "tracker");
            LeadScorer.UpdateFit(state.Scores, leadId, LeadRecorder.TraitValues(state), state.Emails, model, e.EventId, e.ReceivedAt, changes);
        }
        LeadScorer.UpdateStage(state.Scores, leadId, state.IsKnown, model, e.EventId, e.ReceivedAt, changes);
    }

    /// <summary>
    /// Scores a lead's whole history afresh with a model, as if it had been live all along, then
    /// judges fit by the traits the lead has now (some come from outside events, such as imports).
    /// </summary>
    public static LeadScores Replay(LeadState current, IEnumerable<TrackedEvent> history, ScoringModel model, DateTimeOffset now)
    {
        var replay = new LeadState();
        var ignored = new List<ScoreChange>();
        foreach (var stored in history)
        {
            // The history holds each event once already; spool watermarks would only misjudge its order.
            var e = stored with { SpoolSeq = 0 };
            if (Begin(replay, current.Id, e, model, ignored))
                Finish(replay, current.Id, e, model, e.Type == EventTypes.Identify, ignored);
        }
        LeadScorer.UpdateFit(replay.Scores, current.Id, LeadRecorder.TraitValues(current), current.Emails, model, "rescore", now, ignored);
        LeadScorer.UpdateStage(replay.Scores, current.Id, current.IsKnown, model, "rescore", now, ignored);
        return replay.Scores;
    }
}
