using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring;
using Nurture.Leads.Segments;
using Nurture.Conditions;

namespace Nurture.Leads;

/// <summary>Changes from outside the lead's tracked behaviour (API, imports, hand-off), and erasure.</summary>
public sealed partial class LeadGrain
{
    public async Task<LeadUpdateResult> UpdateAsync(LeadUpdate update)
    {
        if (State.MergedInto is { } survivor) return await Lead(survivor).UpdateAsync(update);
        // Only traits or a source make a person; consent or an owner alone for nobody creates nobody.
        if (!State.Exists && update.Traits.Count == 0 && update.Source is null) return new LeadUpdateResult(Id, false, [], null);
        // An email another lead owns stops the whole update: joining two people is a merge, decided apart.
        var newEmail = update.Traits.TryGetValue("email", out var raw) ? EmailAddress.Normalise(raw) : null;
        if (newEmail is not null && !State.Emails.Contains(newEmail))
        {
            var owner = await GrainFactory.GetGrain<IEmailIndexGrain>(newEmail).ClaimAsync(Id);
            if (owner != Id) return new LeadUpdateResult(Id, false, [], owner);
        }

        var created = !State.Exists;
        if (created)
        {
            State.Id = Id;
            State.CreatedAt = update.At;
            LeadRecorder.AddOnce(State.HistoryIds, Id);
        }
        var changed = new List<string>();
        if (newEmail is not null && !State.Emails.Contains(newEmail))
        {
            State.Emails.Add(newEmail);
            changed.Add("email");
        }
        foreach (var (name, value) in update.Traits)
        {
            // One owner: the lead's, whichever door names it (an import's owner column, the API's traits).
            if (name == LeadRecorder.OwnerTrait)
            {
                if (LeadRecorder.SetOwner(State, value, update.At, update.Actor) && !changed.Contains("owner")) changed.Add("owner");
                continue;
            }
            var before = State.Traits.GetValueOrDefault(name)?.Value;
            if (name == "email") LeadRecorder.SetTrait(State, name, newEmail ?? value, update.At, update.Actor);
            else if (value.Length == 0) LeadRecorder.ClearTrait(State, name, update.At, update.Actor);
            else LeadRecorder.SetTrait(State, name, value, update.At, update.Actor);
            if (State.Traits.GetValueOrDefault(name)?.Value != before && !changed.Contains(name)) changed.Add(name);
        }
        if (update.Consent is { } consent && consent.Status != State.Consent?.Status)
        {
            LeadRecorder.AddHistory(State, new TraitChange("consent", State.Consent?.ToString(), consent.ToString(), update.At, update.Actor));
            State.Consent = consent;
            changed.Add("consent");
        }
        if (update.Owner is { } rep && LeadRecorder.SetOwner(State, rep, update.At, update.Actor) && !changed.Contains("owner")) changed.Add("owner");
        if (update.Source is { } source && (created || changed.Count > 0))
        {
            LeadRecorder.RecordOfflineTouch(State, source, update.At);
            if (created) changed.Add("source");
        }
        if (changed.Count == 0 && !created) return new LeadUpdateResult(Id, false, [], null);

        var model = models.Current;
        var changes = new List<ScoreChange>();
        var cause = $"update:{update.At.ToUnixTimeMilliseconds()}";
        LeadScorer.UpdateFit(State.Scores, Id, LeadRecorder.TraitValues(State), State.Emails, model, cause, update.At, changes);
        LeadScorer.UpdateStage(State.Scores, Id, State.IsKnown, model, cause, update.At, changes);
        await SaveAndPublishAsync(changes);
        return new LeadUpdateResult(Id, created, changed, null);
    }

    /// <summary>Joins the simple segments the lead now fits and leaves those it no longer does; null when none moved.</summary>
    private async Task<List<ScoreChange>?> FollowLiveSegmentsAsync(DateTimeOffset now)
    {
        var live = segments.Live;
        if (live.Count == 0) return null;
        var profile = LeadProfiles.From(State, models.Current, now);
        var fits = live.Where(s => LeadFilterMatcher.Matches(profile, s.Filter)).Select(s => s.Id).ToList();
        var joined = fits.Where(id => !State.Segments.Contains(id)).ToList();
        var left = live.Select(s => s.Id).Where(id => State.Segments.Contains(id) && !fits.Contains(id)).ToList();
        if (joined.Count == 0 && left.Count == 0) return null;
        var changes = new List<ScoreChange>();
        await MoveSegmentsAsync(joined, left, now, changes);
        return changes;
    }

    private async Task MoveSegmentsAsync(IReadOnlyList<string> joined, IReadOnlyList<string> left, DateTimeOffset now, List<ScoreChange> changes)
    {
        foreach (var segment in left.Where(State.Segments.Contains))
        {
            State.Segments.Remove(segment);
            LeadRecorder.AddHistory(State, new TraitChange($"segment:{segment}", "member", "", now, "segments"));
        }
        foreach (var segment in joined.Where(s => !State.Segments.Contains(s)))
        {
            State.Segments.Add(segment);
            LeadRecorder.AddHistory(State, new TraitChange($"segment:{segment}", null, "member", now, "segments"));
            await flows.OnSegmentJoinedAsync(State, segment, models.Current, now, SetTrait, changes, CancellationToken.None);
        }
        if (joined.Count > 0) await ScheduleFlowWakeAsync();
    }

    public async Task<IReadOnlyList<ScoreChange>> SetSegmentsAsync(IReadOnlyList<string> joined, IReadOnlyList<string> left)
    {
        // A merged-away id leaves its segments as the refresher sees it gone; its survivor is judged on its own.
        if (State.MergedInto is { } survivor) return joined.Count > 0 ? await Lead(survivor).SetSegmentsAsync(joined, []) : [];
        if (!State.Exists) return [];
        // For a simple segment the lead's own judgement wins over the lead list's, which may trail it.
        var now = time.GetUtcNow();
        var live = segments.Live.ToDictionary(s => s.Id, s => s.Filter, StringComparer.Ordinal);
        if (joined.Concat(left).Any(live.ContainsKey))
        {
            var profile = LeadProfiles.From(State, models.Current, now);
            joined = joined.Where(s => !live.TryGetValue(s, out var filter) || LeadFilterMatcher.Matches(profile, filter)).ToList();
            left = left.Where(s => !live.TryGetValue(s, out var filter) || !LeadFilterMatcher.Matches(profile, filter)).ToList();
        }
        if (!joined.Any(s => !State.Segments.Contains(s)) && !left.Any(State.Segments.Contains)) return [];
        var changes = new List<ScoreChange>();
        await MoveSegmentsAsync(joined, left, now, changes);
        await SaveAndPublishAsync(changes);
        return changes;
    }

    public async Task FlagAsync(string reason, DateTimeOffset at)
    {
        if (State.MergedInto is { } survivor)
        {
            await Lead(survivor).FlagAsync(reason, at);
            return;
        }
        var flag = new TraitChange("flag", null, reason, at, "ingest");
        if (!State.Exists)
        {
            // Kept in memory only, for the events already on their way: nothing is written for a visitor without a lead.
            if ((earlyFlags ??= []).Count < 10) earlyFlags.Add(flag);
            return;
        }
        LeadRecorder.AddHistory(State, flag);
        dirty = true;
    }

    public async Task<ErasureReceipt?> EraseAsync()
    {
        if (State.MergedInto is { } survivor) return await Lead(survivor).EraseAsync();
        if (!State.Exists) return null;
        var ids = State.HistoryIds.Concat(State.MergedFrom).Append(Id).Distinct().ToList();
        var emails = State.Emails.ToList();
        var visitors = State.Visitors.Select(v => LeadIds.VisitorKey(v.SiteId, v.VisitorId)).Distinct().ToList();
        foreach (var email in emails) await GrainFactory.GetGrain<IEmailIndexGrain>(email).ReleaseAsync(Id);
        // Cleared merged leads forward no more: each visitor starts again as a stranger at its own lead.
        foreach (var merged in ids.Where(id => id != Id)) await Lead(merged).ClearAsync();
        await ClearAsync();
        return new ErasureReceipt(Id, ids, emails, visitors);
    }

    public async Task<RevertResult> RevertAsync(string actor, string by)
    {
        if (State.MergedInto is { } survivor) return await Lead(survivor).RevertAsync(actor, by);
        if (!State.Exists) return new RevertResult(false, []);
        var mine = State.TraitHistory.Where(c => c.Source == actor).ToList();
        if (mine.Count == 0) return new RevertResult(false, []);
        // A lead this actor created and nobody else touched since goes away entirely.
        var touchedByOthers = State.Counters.Events > 0 || State.MergedFrom.Count > 0 || State.TraitHistory.Any(c => c.Source != actor);
        if (!touchedByOthers)
        {
            foreach (var email in State.Emails) await GrainFactory.GetGrain<IEmailIndexGrain>(email).ReleaseAsync(Id);
            await ClearAsync();
            return new RevertResult(true, mine.Select(c => c.Trait).Distinct().ToList());
        }
        // Otherwise each value it set goes back, unless someone changed it again since.
        var now = time.GetUtcNow();
        var reverted = new List<string>();
        foreach (var change in mine.GroupBy(c => c.Trait).Select(g => g.MaxBy(c => c.At)!))
        {
            if (change.Trait == LeadRecorder.OwnerTrait)
            {
                if ((State.Owner ?? "") != change.NewValue) continue;
                LeadRecorder.SetOwner(State, change.OldValue ?? "", now, by);
                reverted.Add(change.Trait);
                continue;
            }
            if (State.Traits.GetValueOrDefault(change.Trait)?.Value != change.NewValue) continue;
            if (change.OldValue is { Length: > 0 } old) LeadRecorder.SetTrait(State, change.Trait, old, now, by);
            else LeadRecorder.ClearTrait(State, change.Trait, now, by);
            if (change.Trait == "email" && State.Emails.Remove(change.NewValue))
                await GrainFactory.GetGrain<IEmailIndexGrain>(change.NewValue).ReleaseAsync(Id);
            reverted.Add(change.Trait);
        }
        if (reverted.Count == 0) return new RevertResult(false, []);
        var changes = new List<ScoreChange>();
        var cause = $"revert:{now.ToUnixTimeMilliseconds()}";
        LeadScorer.UpdateFit(State.Scores, Id, LeadRecorder.TraitValues(State), State.Emails, models.Current, cause, now, changes);
        LeadScorer.UpdateStage(State.Scores, Id, State.IsKnown, models.Current, cause, now, changes);
        await SaveAndPublishAsync(changes);
        return new RevertResult(false, reverted);
    }

    public async Task ClearAsync()
    {
        var version = Math.Max(State.ProfileVersion + 1, time.GetUtcNow().ToUnixTimeMilliseconds());
        flowTimer?.Dispose();
        flowTimer = null;
        flowTimerAt = null;
        if (await this.GetReminder(FlowReminder) is { } reminder) await this.UnregisterReminder(reminder);
        await lead.ClearStateAsync();
        dirty = false;
        // The lead list drops the row at once; the server's erasure then deletes every row of the id.
        await PublishProfileAsync(new LeadProfile { LeadId = Id, Version = version, Erased = true }, CancellationToken.None);
    }
}
