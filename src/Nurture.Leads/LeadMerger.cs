using Nurture.Abstractions.Leads;

namespace Nurture.Leads;

/// <summary>
/// Folds one lead's state into the survivor's. Counters add up, touches keep the earliest first and the
/// latest last, traits keep the newest value (the loser goes to history). Idempotent.
/// </summary>
public static class LeadMerger
{
    /// <summary>False when <paramref name="other"/> was already absorbed.</summary>
    public static bool Merge(LeadState survivor, LeadState other)
    {
        if (other.Id == survivor.Id || survivor.MergedFrom.Contains(other.Id)) return false;
        survivor.MergedFrom.Add(other.Id);
        foreach (var id in other.MergedFrom) LeadRecorder.AddOnce(survivor.MergedFrom, id);
        if (survivor.CreatedAt is null || (other.CreatedAt is not null && other.CreatedAt < survivor.CreatedAt))
            survivor.CreatedAt = other.CreatedAt;
        foreach (var id in other.HistoryIds) LeadRecorder.AddOnce(survivor.HistoryIds, id);
        LeadRecorder.AddOnce(survivor.HistoryIds, other.Id);

        foreach (var visitor in other.Visitors)
        {
            var mine = survivor.Visitors.Find(v => v.SiteId == visitor.SiteId && v.VisitorId == visitor.VisitorId);
            if (mine is null)
            {
                survivor.Visitors.Add(new VisitorActivity
                {
                    SiteId = visitor.SiteId, VisitorId = visitor.VisitorId,
                    FirstSeen = visitor.FirstSeen, LastActivity = visitor.LastActivity,
                });
                continue;
            }
            if (visitor.FirstSeen < mine.FirstSeen) mine.FirstSeen = visitor.FirstSeen;
            if (visitor.LastActivity > mine.LastActivity) mine.LastActivity = visitor.LastActivity;
        }

        foreach (var email in other.Emails) LeadRecorder.AddOnce(survivor.Emails, email);
        foreach (var change in other.TraitHistory) LeadRecorder.AddHistory(survivor, change);
        foreach (var (name, value) in other.Traits)
        {
            if (!survivor.Traits.TryGetValue(name, out var mine) || value.UpdatedAt > mine.UpdatedAt)
                survivor.Traits[name] = value;
            else if (mine.Value != value.Value)
                LeadRecorder.AddHistory(survivor, new TraitChange(name, null, value.Value, value.UpdatedAt, value.Source));
        }

        if (other.FirstTouch is not null && (survivor.FirstTouch is null || other.FirstTouch.At < survivor.FirstTouch.At))
            survivor.FirstTouch = other.FirstTouch;
        if (other.LastTouch is not null && (survivor.LastTouch is null || other.LastTouch.At > survivor.LastTouch.At))
            survivor.LastTouch = other.LastTouch;

        var counters = survivor.Counters;
        counters.Sessions += other.Counters.Sessions;
        counters.PageViews += other.Counters.PageViews;
        counters.Events += other.Counters.Events;
        if (other.Counters.FirstSeen is { } first && (counters.FirstSeen is null || first < counters.FirstSeen)) counters.FirstSeen = first;
        if (other.Counters.LastSeen is { } last && (counters.LastSeen is null || last > counters.LastSeen)) counters.LastSeen = last;

        survivor.TimeZone ??= other.TimeZone;
        survivor.Language ??= other.Language;
        foreach (var summary in other.RecentEvents) LeadRecorder.AddRecent(survivor.RecentEvents, summary);
        foreach (var (key, seq) in other.Watermarks)
        {
            if (!survivor.Watermarks.TryGetValue(key, out var mine) || seq > mine) survivor.Watermarks[key] = seq;
        }
        return true;
    }
}
