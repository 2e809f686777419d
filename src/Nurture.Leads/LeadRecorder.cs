using Nurture.Abstractions.Events;
using Nurture.Abstractions.Leads;

namespace Nurture.Leads;

/// <summary>
/// Applies one event to a lead's state: counters, sessions, sources, recent events. Pure and
/// deterministic, so live ingest and a replay after a crash produce the same state.
/// </summary>
public static class LeadRecorder
{
    public const int RecentEventLimit = 50;
    /// <summary>The channel of the events sales records (Nurture.Handoff's SalesEvents).</summary>
    public const string SalesChannel = "sales";
    public const int TraitHistoryLimit = 500;
    public static readonly TimeSpan SessionIdle = TimeSpan.FromMinutes(30);

    /// <summary>Applies the event; false when the lead already had it (a replay below the watermark).</summary>
    public static bool Apply(LeadState state, Guid leadId, TrackedEvent e)
    {
        var visitorKey = LeadIds.VisitorKey(e.SiteId, e.VisitorId);
        if (e.SpoolSeq > 0)
        {
            var watermarkKey = $"{e.SpoolNode}|{visitorKey}";
            if (state.Watermarks.TryGetValue(watermarkKey, out var applied) && applied >= e.SpoolSeq) return false;
            state.Watermarks[watermarkKey] = e.SpoolSeq;
        }
        // The same event through another node's spool (its client got no answer here and retried there)
        // has another position but the same id; it arrives soon after, so the recent events hold it.
        if (HasRecent(state.RecentEvents, e.EventId)) return false;

        var at = e.ReceivedAt;
        if (!state.Exists)
        {
            state.Id = leadId;
            state.CreatedAt = at;
        }
        AddOnce(state.HistoryIds, leadId);
        AddOnce(state.HistoryIds, e.LeadId);

        var counters = state.Counters;
        counters.Events++;
        // What a rep did (a call, a note, a verdict) is not the person showing up: first and last seen stay.
        if (e.Source.Channel != SalesChannel)
        {
            if (counters.FirstSeen is null || at < counters.FirstSeen) counters.FirstSeen = at;
            if (counters.LastSeen is null || at > counters.LastSeen) counters.LastSeen = at;
        }
        // Not among the recent events (checked above): inserted without looking again.
        // Email events keep their template, so a flow can ask which email was opened or clicked.
        InsertRecent(state.RecentEvents, new EventSummary(e.EventId, e.Type, e.Name, e.Url, e.Title, e.Source.Channel, at, e.Prop("template_id")));
        // Server-observed events (email opens and clicks) have no site: they are not visits.
        if (e.SiteId == Guid.Empty) return true;

        var visitor = state.Visitors.Find(v => v.SiteId == e.SiteId && v.VisitorId == e.VisitorId);
        var newSession = visitor is null || at - visitor.LastActivity > SessionIdle;
        if (visitor is null)
        {
            visitor = new VisitorActivity { SiteId = e.SiteId, VisitorId = e.VisitorId, FirstSeen = at };
            state.Visitors.Add(visitor);
        }
        if (newSession) visitor.SessionStart = at;
        if (at > visitor.LastActivity) visitor.LastActivity = at;

        if (e.Type == EventTypes.PageView) counters.PageViews++;
        if (newSession)
        {
            counters.Sessions++;
            RecordTouch(state, e);
        }
        if (Short(e.Prop("tz")) is { } tz) state.TimeZone = tz;
        if (Short(e.Prop("lang")) is { } lang) state.Language = lang;
        return true;
    }

    /// <summary>Identifies the visitor's current session, for "once per session" scoring caps.</summary>
    public static string SessionKey(LeadState state, TrackedEvent e)
    {
        var visitor = state.Visitors.Find(v => v.SiteId == e.SiteId && v.VisitorId == e.VisitorId);
        return $"{LeadIds.VisitorKey(e.SiteId, e.VisitorId)}@{visitor?.SessionStart.UtcTicks}";
    }

    /// <summary>The traits as plain values, for fit rules.</summary>
    public static IReadOnlyDictionary<string, string> TraitValues(LeadState state) =>
        state.Traits.ToDictionary(p => p.Key, p => p.Value.Value, StringComparer.Ordinal);

    /// <summary>Makes the lead known by this email and records the traits that came with it.</summary>
    public static void Identify(LeadState state, string email, IReadOnlyDictionary<string, string>? traits, DateTimeOffset at, string source)
    {
        if (!state.Emails.Contains(email)) state.Emails.Add(email);
        SetTrait(state, "email", email, at, source);
        if (traits is null) return;
        foreach (var (name, value) in traits) SetTrait(state, name, value, at, source);
    }

    /// <summary>
    /// The traits of a visitor's identify as the lead takes them: trait names (<see cref="TraitNames.FromPublic"/>)
    /// and never a reserved one. Ingest refuses both already; this also holds for events spooled before it did.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? FromVisitor(IReadOnlyDictionary<string, string>? traits)
    {
        if (traits is null || traits.All(t => TraitNames.IsValid(t.Key) && !ReservedTraits.IsReserved(t.Key))) return traits;
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (raw, value) in traits)
        {
            if (TraitNames.FromPublic(raw) is { } name && !ReservedTraits.IsReserved(name)) kept.TryAdd(name, value);
        }
        return kept;
    }

    /// <summary>
    /// Renames traits stored under a name from before trait names were one rule ("jobTitle" → "job_title"),
    /// so rules, segments and templates find them; a trait already under the new name wins. True when any moved.
    /// </summary>
    public static bool RenameLegacyTraits(LeadState state)
    {
        var legacy = state.Traits.Keys.Where(k => !TraitNames.IsValid(k)).ToList();
        foreach (var old in legacy)
        {
            state.Traits.Remove(old, out var value);
            var name = TraitNames.Canonical(old);
            if (name != old) state.Traits.TryAdd(name, value!);
        }
        return legacy.Count > 0;
    }

    /// <summary>The name under which an owner is given (a flow's set-trait step, an import column); the lead keeps it as its owner.</summary>
    public const string OwnerTrait = "owner";

    /// <summary>Sets the lead's owner (empty: nobody) with the change in history; false when it was already so.</summary>
    public static bool SetOwner(LeadState state, string rep, DateTimeOffset at, string source)
    {
        if (rep == (state.Owner ?? "")) return false;
        AddHistory(state, new TraitChange(OwnerTrait, state.Owner, rep, at, source));
        state.Owner = rep.Length == 0 ? null : rep;
        return true;
    }

    /// <summary>
    /// An "owner" kept as a trait (before the lead had one owner) becomes the owner when a trusted door set it
    /// and no owner is set yet; one a website visitor set is dropped. True when anything moved.
    /// </summary>
    public static bool AdoptOwnerTrait(LeadState state)
    {
        if (!state.Traits.Remove(OwnerTrait, out var trait)) return false;
        if (trait.Source != "tracker" && state.Owner is null && trait.Value.Length > 0) state.Owner = trait.Value;
        return true;
    }

    /// <summary>Newest value wins; the value it replaces (or the older one that lost) goes to history.</summary>
    public static void SetTrait(LeadState state, string name, string value, DateTimeOffset at, string source)
    {
        if (state.Traits.TryGetValue(name, out var current))
        {
            if (current.Value == value) return;
            if (at < current.UpdatedAt)
            {
                // An older value arriving late (a merge, an import) is kept as what was said then.
                AddHistory(state, new TraitChange(name, null, value, at, source));
                return;
            }
        }
        state.Traits[name] = new TraitValue(value, at, source);
        AddHistory(state, new TraitChange(name, current?.Value, value, at, source));
    }

    /// <summary>Removes a trait; the removed value goes to history (cleared reads as an empty new value).</summary>
    public static bool ClearTrait(LeadState state, string name, DateTimeOffset at, string source)
    {
        if (!state.Traits.Remove(name, out var current)) return false;
        AddHistory(state, new TraitChange(name, current.Value, "", at, source));
        return true;
    }

    /// <summary>Records a touch that came from outside the web (an imported batch: "trade show 2026-10").</summary>
    public static void RecordOfflineTouch(LeadState state, AcquisitionSource source, DateTimeOffset at)
    {
        var touch = new Touch(source, null, null, at);
        if (state.FirstTouch is null || touch.At < state.FirstTouch.At) state.FirstTouch = touch;
        if (state.LastTouch is null || touch.At >= state.LastTouch.At) state.LastTouch = touch;
    }

    internal static void AddHistory(LeadState state, TraitChange change)
    {
        if (state.TraitHistory.Contains(change)) return;
        state.TraitHistory.Add(change);
        state.TraitHistory.Sort((a, b) => a.At.CompareTo(b.At));
        if (state.TraitHistory.Count > TraitHistoryLimit) state.TraitHistory.RemoveRange(0, state.TraitHistory.Count - TraitHistoryLimit);
    }

    private static bool HasRecent(List<EventSummary> recent, string eventId)
    {
        foreach (var r in recent)
        {
            if (r.EventId == eventId) return true;
        }
        return false;
    }

    internal static void AddRecent(List<EventSummary> recent, EventSummary summary)
    {
        if (recent.Exists(r => r.EventId == summary.EventId && r.At == summary.At)) return;
        InsertRecent(recent, summary);
    }

    /// <summary>Newest first, at most <see cref="RecentEventLimit"/>.</summary>
    private static void InsertRecent(List<EventSummary> recent, EventSummary summary)
    {
        var index = recent.FindIndex(r => r.At < summary.At);
        recent.Insert(index < 0 ? recent.Count : index, summary);
        if (recent.Count > RecentEventLimit) recent.RemoveRange(RecentEventLimit, recent.Count - RecentEventLimit);
    }

    internal static void AddOnce<T>(List<T> list, T item)
    {
        if (!list.Contains(item)) list.Add(item);
    }

    /// <summary>
    /// First touch: the first session's source. Last touch: the latest session that came from
    /// somewhere (a direct return visit does not erase the campaign that brought the person back).
    /// </summary>
    private static void RecordTouch(LeadState state, TrackedEvent e)
    {
        var touch = new Touch(e.Source, e.Referrer, e.Url, e.ReceivedAt);
        if (state.FirstTouch is null || touch.At < state.FirstTouch.At) state.FirstTouch = touch;
        if (state.LastTouch is null || (e.Source.Channel != "direct" && touch.At >= state.LastTouch.At)) state.LastTouch = touch;
    }

    private static string? Short(string? value) => value is { Length: > 0 and <= 64 } ? value : null;
}
