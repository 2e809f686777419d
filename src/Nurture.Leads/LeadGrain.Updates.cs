using Nurture.Abstractions.Leads;
using Nurture.Abstractions.Scoring;
using Nurture.Scoring;

namespace Nurture.Leads;

/// <summary>Changes from outside the lead's tracked behaviour (API, imports, hand-off), and erasure.</summary>
public sealed partial class LeadGrain
{
    public async Task<LeadUpdateResult> UpdateAsync(LeadUpdate update)
    {
        if (State.MergedInto is { } survivor) return await Lead(survivor).UpdateAsync(update);
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
        if (update.Owner is { } rep && rep != (State.Owner ?? ""))
        {
            LeadRecorder.AddHistory(State, new TraitChange("owner", State.Owner, rep, update.At, update.Actor));
            State.Owner = rep.Length == 0 ? null : rep;
            changed.Add("owner");
        }
        if (update.Source is { } source)
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

    public async Task<ErasureReceipt?> EraseAsync()
    {
        if (State.MergedInto is { } survivor) return await Lead(survivor).EraseAsync();
        if (!State.Exists) return null;
        var ids = State.HistoryIds.Concat(State.MergedFrom).Append(Id).Distinct().ToList();
        var emails = State.Emails.ToList();
        var visitors = State.Visitors.Select(v => LeadIds.VisitorKey(v.SiteId, v.VisitorId)).Distinct().ToList();
        foreach (var email in emails) await GrainFactory.GetGrain<IEmailIndexGrain>(email).ReleaseAsync(Id);
        foreach (var visitor in visitors) await GrainFactory.GetGrain<IVisitorIndexGrain>(visitor).ForgetAsync();
        foreach (var merged in ids.Where(id => id != Id)) await Lead(merged).ClearAsync();
        await ClearAsync();
        return new ErasureReceipt(Id, ids, emails, visitors);
    }

    public async Task ClearAsync()
    {
        flowTimer?.Dispose();
        flowTimer = null;
        flowTimerAt = null;
        if (await this.GetReminder(FlowReminder) is { } reminder) await this.UnregisterReminder(reminder);
        await lead.ClearStateAsync();
        dirty = false;
        // The lead list drops the row at once; the server's erasure then deletes every row of the id.
        var tombstone = new LeadProfile { LeadId = Id, Version = long.MaxValue, Erased = true };
        foreach (var sink in profileSinks) await sink.PublishAsync(tombstone, CancellationToken.None);
    }
}
